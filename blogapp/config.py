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
from typing import NoReturn
from urllib.parse import urlsplit

import click
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
    # Merged under SQLALCHEMY_ENGINE_OPTIONS when the database is PostgreSQL.
    # Each gunicorn worker serves one request at a time, so a small pool is
    # enough; the server needs hosts x workers x (pool_size + max_overflow)
    # connections at most. pre_ping drops connections the server closed (e.g.
    # after a restart); recycle retires them before a firewall or pgbouncer does.
    POSTGRESQL_ENGINE_OPTIONS: dict = {
        "pool_pre_ping": True,
        "pool_recycle": 1800,
        "pool_size": 2,
        "max_overflow": 2,
        "pool_timeout": 10,
        "connect_args": {"connect_timeout": 5},
    }
    # Seconds a SQLite connection waits for a lock before giving up.
    SQLITE_BUSY_TIMEOUT = 10

    SITE_NAME = "blogapp"
    # The meta description of pages that have none of their own.
    SITE_DESCRIPTION = "A blog with moderated reader comments."
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

    # Shared state for several workers and hosts, e.g. "redis://10.0.0.5:6379/0".
    # When set, rate-limit counters (and the page cache) live there; when empty,
    # each gunicorn worker keeps its own in memory (see README, "Redis").
    REDIS_URL = ""
    # --- Page cache (see blogapp/pagecache/) ---
    # Pages for anonymous readers are rendered once per content version and
    # shared; any change readers can see retires them at once. Signed-in staff,
    # readers with a message or a comment awaiting moderation get their own.
    PAGE_CACHE_ENABLED = True
    # Without REDIS_URL: the bytes of pages each gunicorn worker keeps in memory,
    # at most; the least recently used page makes room. A page costs about its
    # size (the home page ~6 KB, an article with 50 comments ~50 KB, one long
    # thread megabytes), so 16 MiB hold the hot pages of most blogs, and a host
    # spends at most workers x this. Larger sites: raise it, or share one REDIS_URL.
    PAGE_CACHE_MAX_BYTES = 16 * 1024 * 1024
    # A page larger than this is served, but never stored (in memory or Redis).
    PAGE_CACHE_MAX_PAGE_BYTES = 1024 * 1024
    # Deprecated: a count says little about memory; use PAGE_CACHE_MAX_BYTES.
    # When set (a number), it still caps the pages a worker keeps, as before.
    PAGE_CACHE_MAX_PAGES: int | None = None
    # Seconds a cached page is kept at most (it is retired sooner on any change),
    # up to a day; 0 means a day: every page expires, so Redis can evict it.
    PAGE_CACHE_TIMEOUT = 3600
    # Without REDIS_URL: the file, in the instance folder, holding the content
    # version the workers of this host share. Several hosts need REDIS_URL.
    PAGE_CACHE_VERSION_FILE = "content-version"
    # With REDIS_URL: the prefix of the page cache's keys (pages and the content
    # version), apart from the rate limits' (RATELIMIT_KEY_PREFIX).
    PAGE_CACHE_KEY_PREFIX = "blogapp:pages:"
    # How long an HTTP cache in front (nginx, a CDN) may keep a page readers
    # share (s-maxage), and serve it stale while it fetches a new one. Browsers
    # always ask again (max-age=0), answered with 304 while the page is unchanged.
    SHARED_CACHE_SECONDS = 1
    SHARED_CACHE_STALE_SECONDS = 30

    # Rate-limit counters; an explicit value here wins over REDIS_URL.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Set on every app: Flask-Limiter would otherwise inherit the last app's value.
    RATELIMIT_ENABLED = True
    # If Redis goes away, keep counting per process rather than failing requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True

    # The site's public address, scheme and host, e.g. "https://blog.example.org"
    # (no trailing path). Required outside development (see ensure_canonical_url).
    # Every absolute URL (moderator mail, feeds, the sitemap, canonical links,
    # structured data) starts with it, never with the Host a request names;
    # requests for any other host get a 400 page (blogapp/web/hosts.py). An https
    # address also turns on HSTS. Unset (development, tests only): absolute
    # URLs use the request's host and every host is answered.
    CANONICAL_URL = ""
    # Host names answered besides CANONICAL_URL's, e.g. ["www.blog.example.org"]
    # (BLOGAPP_ALLOWED_HOSTS='["www.blog.example.org"]'). Compared without case
    # or port, as Django's ALLOWED_HOSTS; their pages still link to CANONICAL_URL.
    # /healthz answers on any host (load balancers probe by address).
    ALLOWED_HOSTS: list[str] = []
    # How many reverse proxies (nginx, a load balancer) stand in front of the
    # app and set X-Forwarded-For, -Proto and -Host. 0 trusts no such header.
    TRUSTED_PROXIES = 0
    # Per-header counts for werkzeug's ProxyFix (x_for, x_proto, x_host,
    # x_port, x_prefix), overriding TRUSTED_PROXIES for unusual proxy chains.
    PROXY_FIX_OPTIONS: dict = {}

    # DEBUG, INFO, WARNING or ERROR (BLOGAPP_LOG_LEVEL).
    LOG_LEVEL = "INFO"
    # Larger request bodies get a 413 page. A 5,000-character comment fits
    # even when every character takes four bytes.
    MAX_CONTENT_LENGTH = 64 * 1024
    # Sent on every response. No 'unsafe-inline': templates have no inline
    # scripts, styles or event handlers (a test scans the pages).
    CONTENT_SECURITY_POLICY = (
        "default-src 'self'; img-src 'self' https: data:; style-src 'self'; "
        "script-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    # Strict-Transport-Security max-age, sent when CANONICAL_URL is https.
    HSTS_MAX_AGE = 365 * 24 * 3600

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

    # --- Moderation rules (see blogapp/comments/policy.py) ---
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
    # A comment sent without the Origin or Sec-Fetch-Site header, which every
    # current browser sends with a form, is a script's: straight to spam.
    COMMENT_BROWSERS_ONLY = True
    # Approve at once when the email address already has an approved comment.
    COMMENT_AUTO_APPROVE_KNOWN_AUTHORS = False
    # Comments accepted per client address (Flask-Limiter notation).
    COMMENT_RATE_LIMIT = "5 per minute"
    # Close comments on articles published more than N days ago; 0 = never.
    COMMENTS_CLOSE_AFTER_DAYS = 0
    # How deep replies nest on the page; deeper replies join the deepest level.
    COMMENT_THREAD_DEPTH = 3
    # An article's comments are shown this many threads (a comment with its
    # replies) to a page, oldest first, with links to the other pages.
    COMMENT_THREADS_PER_PAGE = 50
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

    # --- What an editor or an import may ask the server to do ---
    # Article bodies, checked before any Markdown is parsed: at the desk (save
    # and preview), in `articles import` and in `import-wordpress`. A long read
    # of 10,000 words is about 60,000 characters and 500 lines, with tables of
    # a few dozen rows. Rendering and cleaning take about 0.25 ms a line (a
    # list item, a paragraph's line) and 0.75 ms a table row, so a body at
    # these limits costs a worker about 1 to 1.5 s.
    # The desk's form also stops at MAX_CONTENT_LENGTH (64 KiB) as a whole.
    ARTICLE_BODY_MAX_LENGTH = 200_000
    ARTICLE_BODY_MAX_LINES = 5_000
    ARTICLE_BODY_MAX_TABLE_ROWS = 1_000
    # `articles import`: bytes of front matter (between the "---" lines) YAML
    # may read; real front matter is well under 1 KiB. YAML aliases (*name)
    # are refused: front matter never needs them.
    IMPORT_FRONT_MATTER_MAX_BYTES = 16 * 1024
    # `import-wordpress`: the export's size, checked before it is parsed (an
    # export takes several times its size in memory while it is read), and
    # how many items (posts, pages, attachments) and comments it may hold.
    # Each post's content meets the ARTICLE_BODY_* limits; replies deeper than
    # COMMENT_THREAD_DEPTH join the deepest level, as the comment form does,
    # and comments that answer each other in a loop are refused.
    WORDPRESS_EXPORT_MAX_BYTES = 64 * 1024 * 1024
    WORDPRESS_EXPORT_MAX_ITEMS = 20_000
    WORDPRESS_EXPORT_MAX_COMMENTS = 200_000


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
    ensure_canonical_url(app)
    apply_redis_url(app)
    apply_engine_options(app)


def apply_redis_url(app: Flask) -> None:
    """Count rate limits in Redis when REDIS_URL is set and no store was chosen."""
    if app.config["REDIS_URL"] and app.config["RATELIMIT_STORAGE_URI"] == Defaults.RATELIMIT_STORAGE_URI:
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]


def apply_engine_options(app: Flask) -> None:
    """Give PostgreSQL the pool settings; what the deployment set wins."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["POSTGRESQL_ENGINE_OPTIONS"],
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }


def is_development(app: Flask) -> bool:
    """Development or tests: where a generated key and the request's host will do."""
    return bool(app.debug or app.testing or app.config["DEVELOPMENT"])


def ensure_secret_key(app: Flask) -> None:
    """Refuse to run in production without a configured secret key.

    In development and tests a random key is generated once and kept in the
    instance folder, so signed sessions survive a restart.

    :raise RuntimeError: when no key is configured outside development
        (``click.ClickException`` under the flask command).
    """
    if app.config.get("SECRET_KEY"):
        return
    if not is_development(app):
        message = (
            "SECRET_KEY is not set: set BLOGAPP_SECRET_KEY in the environment "
            "or SECRET_KEY in instance/config.py (e.g. from "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`)."
        )
        refuse_to_start(message)
    key_file = Path(app.instance_path) / SECRET_KEY_FILE
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def canonical_url_problem(url: str) -> str | None:
    """What keeps ``url`` from being the site's public address, None if nothing."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        return f"CANONICAL_URL {url!r} is not an http(s) address"
    return None


def ensure_canonical_url(app: Flask) -> None:
    """Refuse to run in production without the site's public address.

    Without it, absolute URLs (the moderator mail's link, feeds) would come
    from the Host header, which the client chooses, and every host name
    anyone sends would be answered and cached. Development and tests may
    leave it unset.

    :raise RuntimeError: when it is unset or not an http(s) address outside
        development (``click.ClickException`` under the flask command).
    """
    if is_development(app):
        return
    url = app.config["CANONICAL_URL"]
    problem = canonical_url_problem(url) if url else "CANONICAL_URL is not set"
    if problem:
        refuse_to_start(
            f"{problem}: set BLOGAPP_CANONICAL_URL in the environment or CANONICAL_URL in "
            "instance/config.py to the address readers use, e.g. https://blog.example.org. "
            "Absolute links are built on it and requests for other hosts are refused."
        )


def refuse_to_start(message: str) -> NoReturn:
    """Stop ``create_app`` with ``message``, which says what to set."""
    # Under `flask ...` (e.g. check-config) print the fix, not a traceback.
    if click.get_current_context(silent=True) is not None:
        raise click.ClickException(message)
    raise RuntimeError(message)
