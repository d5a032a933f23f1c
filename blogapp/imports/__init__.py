"""Bringing articles in from elsewhere: Markdown files with front matter, WordPress exports."""
