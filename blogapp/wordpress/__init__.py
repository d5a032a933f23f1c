"""Moving a blog from WordPress: read a WXR export, map it onto our models."""
