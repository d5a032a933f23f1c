"""Full-text search over published articles, on the database's own engine."""
