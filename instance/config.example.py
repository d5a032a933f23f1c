# Copy to instance/config.py (or $BLOGAPP_INSTANCE_PATH/config.py) and adjust.
# Environment variables prefixed BLOGAPP_ (e.g. BLOGAPP_SECRET_KEY) override
# what is set here. Every setting is documented in blogapp/config/; the
# deployment walk-through is docs/deploy.md. Check the result with
#   flask --app blogapp check-config

# Required in production; generate with:
#   python -c 'import secrets; print(secrets.token_hex(32))'
# Better kept out of this file: set BLOGAPP_SECRET_KEY in the service's environment.
SECRET_KEY = "change-me"

# SQLite in the instance folder (the default), or PostgreSQL:
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://blogapp@127.0.0.1:5432/blogapp"
SQLALCHEMY_DATABASE_URI = "sqlite:///blogapp.sqlite3"

# With several workers or hosts, share rate-limit counters and the page cache
# through Redis (several hosts need it; see docs/performance.md):
# REDIS_URL = "redis://127.0.0.1:6379/0"
# Anonymous readers' pages are cached (per worker without Redis):
# PAGE_CACHE_ENABLED = True
# PAGE_CACHE_MAX_BYTES = 16 * 1024 * 1024  # per worker, without Redis
# PAGE_CACHE_MAX_PAGE_BYTES = 1024 * 1024  # larger pages are served, never cached

# Required in production: the public address. Absolute links use it, requests
# for other hosts get a 400 page, and https turns on HSTS.
CANONICAL_URL = "http://127.0.0.1:5000"
# Other names readers may use (pages still link to CANONICAL_URL):
# ALLOWED_HOSTS = ["www.blog.example.org"]
# Behind https, also:
# SESSION_COOKIE_SECURE = True

# How many reverse proxies (nginx, a load balancer) stand in front of gunicorn.
TRUSTED_PROXIES = 0

SITE_NAME = "blogapp"
ARTICLES_PER_PAGE = 10

# Whether commenters must leave an email address (moderators only see it).
COMMENT_EMAIL_REQUIRED = True
# How many comments one client address may post.
COMMENT_RATE_LIMIT = "5 per minute"

# Set when the site is served over HTTPS: cookies are then sent only over it.
# SESSION_COOKIE_SECURE = True

# Moderation rules (see README, "Moderation").
# COMMENT_MODERATION_WORDS = ["casino"]
# COMMENT_BLOCKED_EMAILS = ["@spam.example"]
# COMMENTS_CLOSE_AFTER_DAYS = 90

# Mail moderators about held comments.
# MAIL_SERVER = "127.0.0.1"
# MAIL_PORT = 25
# MAIL_SECURITY = ""          # or "starttls" / "ssl"
# MAIL_SENDER = "blog@example.org"
# MODERATOR_EMAILS = ["moderators@example.org"]

# Mail commenters ask for (README, "Commenters: mail they asked for"): links and their limits.
# CONFIRMATION_LINK_HOURS = 48
# CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY = 3
# CONFIRMATION_MAILS_PER_CLIENT_PER_HOUR = 5
