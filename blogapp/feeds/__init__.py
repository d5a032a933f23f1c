"""What feed readers and search engines fetch: Atom feeds, the sitemap, robots.txt."""
