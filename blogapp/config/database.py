"""Defaults for the database: SQLite or PostgreSQL, and their connections."""

from __future__ import annotations


class DatabaseDefaults:
    """The database: where it is, and how connections to it behave."""

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
