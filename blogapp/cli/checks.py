"""Deployment checks behind ``flask check-config``: each says what is wrong and how to fix it."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from urllib.parse import urlsplit

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..commenters.records import ERASE_MODES
from ..config import Defaults, canonical_url_problem
from ..extensions import db
from ..feeds.sitemap import PROTOCOL_MAX_URLS

MIN_SECRET_KEY_LENGTH = 32
# Keys copied from examples and tutorials: set, but known to everyone.
PLACEHOLDER_KEYS = {
    "change-me", "changeme", "secret", "dev", "development", "test-secret-key-not-for-production",
}
NEW_KEY_COMMAND = "python -c 'import secrets; print(secrets.token_hex(32))'"


@dataclass(frozen=True)
class Finding:
    topic: str
    ok: bool
    detail: str
    fix: str = ""


def check_secret_key(app: Flask) -> Finding:
    key = str(app.config.get("SECRET_KEY") or "")
    if app.config["DEVELOPMENT"]:
        return Finding(
            "secret key", False, "DEVELOPMENT is on, so a key is generated into the instance folder",
            "unset BLOGAPP_DEVELOPMENT and set BLOGAPP_SECRET_KEY (or SECRET_KEY in config.py)",
        )
    weak = key.lower() in PLACEHOLDER_KEYS or len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 10
    if weak:
        return Finding(
            "secret key", False,
            f"SECRET_KEY is weak (a known placeholder, under {MIN_SECRET_KEY_LENGTH} characters, or too repetitive)",
            f"set a random one: {NEW_KEY_COMMAND}",
        )
    return Finding("secret key", True, "set and strong")


def check_database(app: Flask, migrations_dir: str) -> list[Finding]:
    url = db.engine.url.render_as_string(hide_password=True)
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return [Finding(
            "database", False, f"cannot query {url}: {reason}",
            "check SQLALCHEMY_DATABASE_URI and that the database server runs and accepts this user",
        )]
    heads = set(ScriptDirectory(migrations_dir).get_heads())
    reachable = Finding("database", True, f"{url} answers")
    if current != heads:
        found = ", ".join(sorted(current)) or "no migration at all"
        expected = ", ".join(sorted(heads))
        return [reachable, Finding(
            "migrations", False, f"the database is at {found}, the code expects {expected}",
            "run: flask --app blogapp db upgrade",
        )]
    return [reachable, Finding("migrations", True, "the schema is at the latest migration")]


def check_canonical_url(app: Flask) -> Finding:
    url = app.config["CANONICAL_URL"]
    if not url:
        return Finding(
            "canonical URL", False,
            "CANONICAL_URL is not set, so absolute links use whatever host a request names and every host is answered",
            "set BLOGAPP_CANONICAL_URL to the public address, e.g. https://blog.example.org",
        )
    problem = canonical_url_problem(url)
    if problem:
        return Finding("canonical URL", False, problem, "use the form https://blog.example.org")
    if urlsplit(url).scheme == "https" and not app.config["SESSION_COOKIE_SECURE"]:
        return Finding("canonical URL", False, "the site is https but session cookies may travel over http",
                       "set BLOGAPP_SESSION_COOKIE_SECURE=true")
    return Finding("canonical URL", True, url)


def check_redis(app: Flask) -> Finding:
    url = app.config["REDIS_URL"]
    if not url:
        return Finding("redis", True, "not configured: rate limits are counted per gunicorn worker")
    try:
        import redis
    except ImportError:
        return Finding("redis", False, "REDIS_URL is set but the redis package is missing",
                       "install blogapp[redis]")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
    except (redis.RedisError, ValueError) as error:
        return Finding("redis", False, f"cannot reach {_without_password(url)}: {error}",
                       "check REDIS_URL and that Redis runs and accepts this host")
    return Finding("redis", True, f"{_without_password(url)} answers")


def check_mail(app: Flask) -> Finding | None:
    host = app.config.get("MAIL_SERVER")
    if not host:
        return None
    port = int(app.config.get("MAIL_PORT") or 25)
    smtp_class = smtplib.SMTP_SSL if app.config.get("MAIL_SECURITY") == "ssl" else smtplib.SMTP
    try:
        with smtp_class(host, port, timeout=5) as smtp:
            smtp.noop()
    except (OSError, smtplib.SMTPException) as error:
        return Finding("mail", False, f"cannot reach the mail server {host}:{port}: {error}",
                       "check MAIL_SERVER and MAIL_PORT and that the server accepts this host")
    return Finding("mail", True, f"{host}:{port} answers")


def check_privacy(app: Flask) -> Finding:
    """An erasure must not fail on the day someone asks for it, nor keep hashes for ever."""
    mode, days = app.config["ERASE_MODE"], app.config["CLIENT_HASH_RETENTION_DAYS"]
    if mode not in ERASE_MODES:
        return Finding("privacy", False, f"ERASE_MODE is {mode!r}, so an erasure would fail",
                       'set BLOGAPP_ERASE_MODE to "anonymise" (keep the words) or "delete"')
    if type(days) is not int or days < 1:
        return Finding("privacy", False, f"CLIENT_HASH_RETENTION_DAYS is {days!r}, not a number of days",
                       "set BLOGAPP_CLIENT_HASH_RETENTION_DAYS to a whole number of days, e.g. 30")
    return Finding("privacy", True, f"erasure {mode}s; client hashes kept {days} days")


def check_spam_filter(app: Flask) -> Finding:
    """A threshold outside (0, 1] or a negative minimum would silently send everything, or nothing, to Spam."""
    threshold, minimum = app.config["SPAM_THRESHOLD"], app.config["SPAM_MIN_TRAINING"]
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0.5 <= threshold <= 1.01:
        return Finding("spam filter", False, f"SPAM_THRESHOLD is {threshold!r}, not a score from 0.5 to 1",
                       "set BLOGAPP_SPAM_THRESHOLD to a score such as 0.97 (1.01 turns the filter's verdicts off)")
    if type(minimum) is not int or minimum < 1:
        return Finding("spam filter", False, f"SPAM_MIN_TRAINING is {minimum!r}, not a number of comments",
                       "set BLOGAPP_SPAM_MIN_TRAINING to a whole number, e.g. 20")
    return Finding("spam filter", True, f"spam at score {threshold} once trained on {minimum} of each kind")


def check_sitemap(app: Flask) -> Finding:
    """Search engines refuse a sitemap file of more than 50,000 addresses."""
    limit = app.config["SITEMAP_MAX_URLS"]
    if type(limit) is not int or not 1 <= limit <= PROTOCOL_MAX_URLS:
        return Finding("sitemap", False, f"SITEMAP_MAX_URLS is {limit!r}, so the sitemap uses {PROTOCOL_MAX_URLS:,}",
                       f"set BLOGAPP_SITEMAP_MAX_URLS to a whole number from 1 to {PROTOCOL_MAX_URLS}")
    return Finding("sitemap", True, f"at most {limit:,} addresses a file")


def check_commenter_mail(app: Flask) -> Finding:
    """Confirmation links and their limits (commenters/confirming.py): a zero would refuse every opt-in."""
    for key in ("CONFIRMATION_LINK_HOURS", "CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY",
                "CONFIRMATION_MAILS_PER_CLIENT_PER_HOUR"):
        value = app.config[key]
        if type(value) is not int or value < 1:
            return Finding("commenter mail", False, f"{key} is {value!r}, not a whole number of at least 1",
                           f"set BLOGAPP_{key} to a whole number, e.g. {getattr(Defaults, key)}")
    return Finding("commenter mail", True, f"confirmation links last {app.config['CONFIRMATION_LINK_HOURS']} hours")


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return parts.geturl()


def run_checks(app: Flask, migrations_dir: str) -> list[Finding]:
    """Every check, in the order an operator would fix them."""
    findings = [
        check_secret_key(app),
        *check_database(app, migrations_dir),
        check_canonical_url(app),
        check_redis(app),
        check_mail(app),
        check_privacy(app),
        check_commenter_mail(app),
        check_sitemap(app),
        check_spam_filter(app),
    ]
    return [finding for finding in findings if finding is not None]
