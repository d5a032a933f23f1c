"""Configuration: the defaults live here, in one place.

Each value can be overridden, in this order (later wins):

1. ``instance/config.py`` (per deployment, never committed);
2. environment variables prefixed ``BLOGAPP_``, e.g. ``BLOGAPP_SECRET_KEY``
   or ``BLOGAPP_SQLALCHEMY_DATABASE_URI``; values that parse as JSON
   (numbers, ``true``/``false``) are read as such;
3. the ``test_config`` mapping given to ``create_app`` (tests only).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask


class Defaults:
    """Settings every deployment starts from."""

    # No default secret: production must configure one. Development and
    # tests get a generated key (see ``ensure_secret_key``).
    SECRET_KEY: str | None = None
    # ``make run`` sets BLOGAPP_DEVELOPMENT=true; it allows the generated key.
    DEVELOPMENT = False

    # Relative SQLite paths are resolved inside the instance folder.
    SQLALCHEMY_DATABASE_URI = "sqlite:///blogapp.sqlite3"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # Seconds a SQLite connection waits for a lock before giving up.
    SQLITE_BUSY_TIMEOUT = 10

    SITE_NAME = "blogapp"
    # The meta description of pages that have none of their own.
    SITE_DESCRIPTION = "A blog with moderated reader comments."
    # Scheme and host readers reach the site at, e.g. "https://blog.example.org"
    # (no trailing path). Feeds, the sitemap and canonical links use it; when
    # unset they use the host of the request being answered.
    CANONICAL_URL: str | None = None
    ARTICLES_PER_PAGE = 10
    # Articles per page at the editor's desk.
    DESK_ARTICLES_PER_PAGE = 25
    # Entries in each Atom feed, newest first.
    FEED_ENTRIES = 20
    # Longer search queries are cut to this many characters.
    SEARCH_QUERY_MAX_LENGTH = 200
    # PostgreSQL text search configuration (stemming and stop words). After
    # changing it, run `flask search rebuild`. SQLite always uses Porter (English).
    SEARCH_LANGUAGE = "english"
    # Whether commenters must give an email address (it is never shown).
    COMMENT_EMAIL_REQUIRED = True
    COMMENT_MAX_LENGTH = 5000
    # How many of a reader's own pending comments their session remembers.
    PENDING_COMMENTS_REMEMBERED = 20

    # Rate-limit counters: per process by default; "redis://host:6379/0" shares
    # them across workers and hosts.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True

    WTF_CSRF_TIME_LIMIT = 3600 * 4
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Set to true when the site is served over HTTPS.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Follows SESSION_COOKIE_SECURE unless set explicitly (see load_config).
    REMEMBER_COOKIE_SECURE: bool | None = None

    # Sign-in attempts that fail, per client address and per username
    # (Flask-Limiter notation); successful sign-ins are not counted.
    LOGIN_LIMIT_PER_CLIENT = "10 per minute;50 per hour"
    LOGIN_LIMIT_PER_USERNAME = "5 per minute;20 per hour"

    # --- Moderation rules (see blogapp/moderation.py) ---
    # Hold a comment for a moderator when it has more links than this.
    COMMENT_MAX_LINKS = 2
    # Hold when any of these appear (case-insensitive) in the text, name,
    # email or website.
    COMMENT_MODERATION_WORDS: list[str] = []
    # Straight to spam: words (anywhere), email addresses (or "@domain"),
    # URLs or host names (website or links), client hashes (from the queue).
    COMMENT_BLOCKED_WORDS: list[str] = []
    COMMENT_BLOCKED_EMAILS: list[str] = []
    COMMENT_BLOCKED_URLS: list[str] = []
    COMMENT_BLOCKED_CLIENTS: list[str] = []
    # A form sent sooner than this many seconds after the page was rendered
    # is a bot's; 0 turns the rule off.
    COMMENT_MIN_SECONDS = 3
    # Approve at once when the email address already has an approved comment.
    COMMENT_AUTO_APPROVE_KNOWN_AUTHORS = False
    # Comments accepted per client address (Flask-Limiter notation).
    COMMENT_RATE_LIMIT = "5 per minute"
    # Close comments on articles published more than N days ago; 0 = never.
    COMMENTS_CLOSE_AFTER_DAYS = 0
    # How deep replies nest on the page; deeper replies join the deepest level.
    COMMENT_THREAD_DEPTH = 3
    COMMENTS_PER_QUEUE_PAGE = 20
    AUDIT_ENTRIES_PER_PAGE = 50

    # --- Mail to moderators about held comments; off while MAIL_SERVER is empty ---
    MAIL_SERVER = ""
    MAIL_PORT = 25
    # "starttls", "ssl" or "" (plain, for a local relay).
    MAIL_SECURITY = ""
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_SENDER = "blogapp@localhost"
    MAIL_TIMEOUT = 10
    MODERATOR_EMAILS: list[str] = []


SECRET_KEY_FILE = "secret_key"


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill ``app.config`` from the defaults, the instance, the environment."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("BLOGAPP")
    if test_config:
        app.config.update(test_config)
    if app.config["REMEMBER_COOKIE_SECURE"] is None:
        app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    ensure_secret_key(app)


def ensure_secret_key(app: Flask) -> None:
    """Refuse to run in production without a configured secret key.

    In development and tests a random key is generated once and kept in the
    instance folder, so signed sessions survive a restart.

    :raise RuntimeError: when no key is configured outside development.
    """
    if app.config.get("SECRET_KEY"):
        return
    if not (app.debug or app.testing or app.config["DEVELOPMENT"]):
        raise RuntimeError(
            "SECRET_KEY is not set: set BLOGAPP_SECRET_KEY in the environment "
            "or SECRET_KEY in instance/config.py (e.g. from "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`)."
        )
    key_file = Path(app.instance_path) / SECRET_KEY_FILE
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
