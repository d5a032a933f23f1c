"""Shared fixtures: a real database built by the migrations, an app, a client.

Tests are grouped by what they need: ``unit/`` (no app), ``pages/`` (the
test client on a real database), ``servers/`` (gunicorn and other processes),
``browser/`` (Chromium); each test is marked with its group, so
``pytest -m "unit or pages"`` (``make test-fast``) is the quick subset.

Tests run on a SQLite file by default, or on the database named by
``BLOGAPP_TEST_DATABASE_URL`` (CI points it at PostgreSQL).
"""

from __future__ import annotations

import os
import tempfile
import uuid

import pytest
from flask import g
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from blogapp import create_app
from blogapp.extensions import db, limiter
from blogapp.storage.models import Article

from harness.media_site import with_image
from harness.site import seed_site, with_confirmation_links
from helpers.accounts import PASSWORD
from helpers.accounts import sign_in as sign_in_through_the_form
from helpers.factories import Factory
from helpers.forms import CSRF_FIELD, HIDDEN_FIELD, browser_form_headers, csrf_token_from, sends_browser_headers

TEST_DATABASE_URL = os.environ.get("BLOGAPP_TEST_DATABASE_URL")
RATELIMIT_KEY_PREFIX = f"blogapp-test-{uuid.uuid4().hex[:12]}"
# Uploaded images of this test run, never the checkout's instance/media.
MEDIA_DIR = tempfile.mkdtemp(prefix="blogapp-test-media-")


def reset_postgres_schema(url: str) -> None:
    """Start from an empty database, so the migrations build every table."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        if TEST_DATABASE_URL.startswith("postgresql"):
            reset_postgres_schema(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "blogapp-test.sqlite3")


def make_test_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": "blog.test",
        # The "too fast" rule is off unless a test turns it on.
        "COMMENT_MIN_SECONDS": 0,
        # Rate-limit counters of this test run only, even in a shared Redis.
        "RATELIMIT_KEY_PREFIX": RATELIMIT_KEY_PREFIX,
        "MEDIA_DIR": MEDIA_DIR,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> str:
    """Apply every migration once for the session."""
    app = create_app(make_test_config(database_url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


@pytest.fixture
def app_config(request) -> dict:
    """Per-test config overrides: a test's indirect parameter, or a module's own fixture."""
    return getattr(request, "param", {})


class FreshRequestClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``, and that
    sends forms with the headers a browser adds (``as_script = True``: without).

    The ``app`` fixture keeps an app context pushed for the whole test and
    Flask reuses it for requests, so without this ``g`` (Flask-WTF's CSRF
    token, Flask-Login's current user) would leak from one request, or one
    client, into the next, as it never does in production.
    """

    as_script = False

    @property
    def site_origin(self) -> str:
        return f"http://{self.application.config.get('SERVER_NAME') or 'localhost'}"

    def open(self, *args, **kwargs):
        g._get_current_object().__dict__.clear()
        method = kwargs.get("method", "GET").upper()
        if not self.as_script and method not in ("GET", "HEAD") and not sends_browser_headers(kwargs.get("headers")):
            kwargs["headers"] = {**dict(kwargs.get("headers") or {}), **browser_form_headers(self.site_origin)}
        return super().open(*args, **kwargs)


@pytest.fixture
def app(migrated_database: str, app_config: dict):
    # The one Limiter object outlives each app, and with it a "storage is
    # dead" flag that a test with Redis down sets; every test starts healthy.
    limiter._storage_dead = False
    app = create_app(make_test_config(migrated_database, **app_config))
    app.test_client_class = FreshRequestClient
    # Flask-Limiter remembers "storage is down" across init_app calls (one app
    # per process in production, many here): a Redis-down test must not leave
    # later tests counting in its fallback store.
    limiter._storage_dead = False
    with app.app_context():
        yield app
        db.session.remove()
        # Empty every table, children first, so each test starts clean.
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def post_form(client):
    """Load a page as a browser would, then post its form (with the page's CSRF token, if it has one)."""

    def post(page_url: str, action_url: str, data: dict, **kwargs):
        page = client.get(page_url).get_data(as_text=True)
        token = {"csrf_token": csrf_token_from(page)} if CSRF_FIELD.search(page) else {}
        return client.post(action_url, data={**token, **data}, **kwargs)

    return post


@pytest.fixture
def make(app) -> Factory:
    return Factory()


@pytest.fixture
def site(make):
    """Every kind of row the route tables need: articles, comments, staff, old slugs, links mailed."""
    return with_image(with_confirmation_links(seed_site(make)))


@pytest.fixture
def sign_in(client):
    """Sign in through the real login form; returns the response."""

    def sign_in(username: str = "moderator", password: str = PASSWORD):
        return sign_in_through_the_form(client, username, password)

    return sign_in


@pytest.fixture
def post_comment(client):
    """Post the article page's comment form as a reader would, hidden fields included."""

    def post(article: Article, page_url: str | None = None, **fields):
        page = client.get(page_url or f"/articles/{article.slug}/").get_data(as_text=True)
        data = {"name": "Reader", "email": "reader@example.org", "body": "A thoughtful comment."}
        data.update(HIDDEN_FIELD.findall(page))
        data.update(fields)
        return client.post(f"/articles/{article.slug}/comments", data=data)

    return post


GROUPS = ("unit", "pages", "servers", "browser")


def pytest_collection_modifyitems(items):
    """Mark every test with the group (folder) it sits in."""
    for item in items:
        group = item.path.parent.name
        # A test in pages/ that starts a server says so with its own mark.
        if group in GROUPS and not any(item.get_closest_marker(name) for name in GROUPS):
            item.add_marker(getattr(pytest.mark, group))
