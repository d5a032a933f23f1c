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
