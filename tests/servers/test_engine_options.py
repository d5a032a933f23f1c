"""PostgreSQL gets pool settings for gunicorn workers; SQLite keeps its own tuning."""

from __future__ import annotations

from blogapp import create_app
from blogapp.extensions import db

from conftest import make_test_config

POSTGRES_URL = "postgresql+psycopg://blogapp@db.internal:5432/blogapp"


def engine_of(app):
    with app.app_context():
        return db.engine


def test_postgresql_pools_are_small_pre_pinged_and_recycled():
    engine = engine_of(create_app(make_test_config(POSTGRES_URL)))
    assert engine.pool._pre_ping is True
    assert engine.pool._recycle == 1800
    assert (engine.pool.size(), engine.pool._max_overflow) == (2, 2)


def test_the_deployment_overrides_single_pool_settings():
    app = create_app(make_test_config(POSTGRES_URL, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 8}))
    engine = engine_of(app)
    assert engine.pool.size() == 8
    assert engine.pool._pre_ping is True


def test_sqlite_gets_no_postgresql_options(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'x.sqlite3'}"))
    assert "pool_pre_ping" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]
