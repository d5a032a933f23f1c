"""Reading the blog: home, category and article pages."""
