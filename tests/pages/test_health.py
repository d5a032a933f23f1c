"""The probes: /healthz (what load balancers poll), /livez and /readyz."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from blogapp import create_app
from blogapp.extensions import db
from blogapp.health.checks import blogapp_version

from conftest import make_test_config

VERSION = blogapp_version()


def test_healthy_site_answers_200_with_json_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "version": VERSION}
    assert response.headers["Cache-Control"] == "no-store"


def test_the_version_is_the_installed_one():
    from importlib.metadata import version

    assert VERSION == version("blogapp") != "unknown"


@pytest.mark.parametrize(
    "database_url",
    [
        # A SQLite file in a folder that does not exist cannot be opened.
        "sqlite:////nonexistent-folder/blogapp.sqlite3",
        # Nothing listens on port 9 of the loopback address.
        "postgresql+psycopg://blogapp@127.0.0.1:9/blogapp",
    ],
    ids=["sqlite-unopenable", "postgresql-refused"],
)
def test_database_down_answers_503_without_details(database_url, caplog):
    client = create_app(make_test_config(database_url)).test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable", "version": VERSION}
    assert response.headers["Cache-Control"] == "no-store"
    # The reason is logged for the operator, not sent to the client.
    assert "health check: database query failed" in caplog.text
    assert "nonexistent-folder" not in response.get_data(as_text=True)
    # The process itself is alive, and says so; it is not ready.
    assert client.get("/livez").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["database"] == "unreachable or not migrated"
    assert "nonexistent-folder" not in ready.get_data(as_text=True) and "9/blogapp" not in ready.get_data(as_text=True)


def test_unmigrated_database_is_unhealthy(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'empty.sqlite3'}"))
    assert app.test_client().get("/healthz").status_code == 503


def test_livez_answers_without_the_database():
    client = create_app(make_test_config("sqlite:////nonexistent-folder/blogapp.sqlite3")).test_client()
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "version": VERSION}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_fails_before_db_upgrade_and_passes_after(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'fresh.sqlite3'}"))
    client = app.test_client()
    before = client.get("/readyz")
    assert before.status_code == 503
    assert before.get_json() == {"status": "unavailable", "database": "unreachable or not migrated",
                                 "redis": "not configured", "version": VERSION}
    with app.app_context():
        upgrade(revision="0008")
        db.session.remove()
    behind = client.get("/readyz")
    assert behind.status_code == 503
    assert behind.get_json()["database"] == "not at the migration head: run flask db upgrade"
    with app.app_context():
        upgrade()
        db.session.remove()
    after = client.get("/readyz")
    assert after.status_code == 200, after.get_json()
    assert after.get_json() == {"status": "ok", "database": "ok", "redis": "not configured", "version": VERSION}
    assert after.headers["Cache-Control"] == "no-store"


def test_readyz_checks_redis_when_configured(migrated_database):
    # Nothing listens on port 9: Redis is configured but unreachable.
    app = create_app(make_test_config(migrated_database, REDIS_URL="redis://127.0.0.1:9/0"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["redis"] == "unreachable"
    assert response.get_json()["database"] == "ok"


def test_readyz_with_redis_answering(migrated_database):
    from helpers.servers import TEST_REDIS_URL, redis_answers

    if not redis_answers():
        pytest.skip(f"no Redis at {TEST_REDIS_URL}")
    app = create_app(make_test_config(migrated_database, REDIS_URL=TEST_REDIS_URL))
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["redis"] == "ok"


def test_migration_head_read_from_the_files_is_alembics():
    from alembic.script import ScriptDirectory

    from blogapp.health.schema import migration_heads
    from blogapp.storage.migrations import MIGRATIONS_DIR

    assert migration_heads(MIGRATIONS_DIR) == frozenset(ScriptDirectory(MIGRATIONS_DIR).get_heads())
