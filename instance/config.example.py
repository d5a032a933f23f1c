# Copy to instance/config.py and adjust. Environment variables prefixed
# BLOGAPP_ (e.g. BLOGAPP_SECRET_KEY) override what is set here.

# Required in production; generate with:
#   python -c 'import secrets; print(secrets.token_hex(32))'
SECRET_KEY = "change-me"

# SQLite in the instance folder (the default), or PostgreSQL:
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://blogapp@127.0.0.1:5432/blogapp"
SQLALCHEMY_DATABASE_URI = "sqlite:///blogapp.sqlite3"

SITE_NAME = "blogapp"
ARTICLES_PER_PAGE = 10

# Whether commenters must leave an email address (moderators only see it).
COMMENT_EMAIL_REQUIRED = True

# Rate-limit counters shared by every worker and host (default: per process).
# RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
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
