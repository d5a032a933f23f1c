"""``make bench``: blogapp's pages against a minimal Flask app, under gunicorn, in one run."""
