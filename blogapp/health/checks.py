"""What readiness asks: the database answers and is migrated to the head, Redis answers.

Each check returns None when all is well, or a short reason the probe may
show (no host names, no passwords); the details go to the log.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from flask import Flask, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .schema import migration_heads

logger = logging.getLogger("blogapp.health")


@lru_cache(maxsize=1)
def blogapp_version() -> str:
    """The installed distribution's version, as the health bodies report it."""
    try:
        return version("blogapp")
    except PackageNotFoundError:
        return "unknown"


def database_problem() -> str | None:
    """None when the schema is at the migration head; else what is wrong."""
    try:
        rows = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError as error:
        db.session.rollback()
        # An unmigrated database has no alembic_version table: the same answer as one down.
        logger.warning("readiness: database query failed: %s", error)
        return "unreachable or not migrated"
    heads = migration_heads(current_app.extensions["migrate"].directory)
    if set(rows) != heads:
        logger.warning("readiness: database at %s, migrations at %s", sorted(rows), sorted(heads))
        return "not at the migration head: run flask db upgrade"
    return None


def _redis_client(app: Flask):
    """One client per app, made on first use (the redis package only with REDIS_URL)."""
    client = app.extensions.get("blogapp.readiness_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(app.config["REDIS_URL"], socket_timeout=1, socket_connect_timeout=1)
        app.extensions["blogapp.readiness_redis"] = client
    return client


def redis_problem() -> str | None:
    """None when Redis is not configured or answers a PING; else why not."""
    if not current_app.config["REDIS_URL"]:
        return None
    import redis

    try:
        _redis_client(current_app).ping()
    except (redis.RedisError, ValueError) as error:
        logger.warning("readiness: redis did not answer: %s", error)
        return "unreachable"
    return None
