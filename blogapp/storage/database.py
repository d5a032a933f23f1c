"""Installing the database: the engine, migrations settings, SQLite tuning, the write effects."""

from __future__ import annotations

from flask import Flask

from ..extensions import db
from . import effects, migrations, reading
from .sqlite import tune_sqlite_engine


def install(app: Flask) -> None:
    db.init_app(app)
    migrations.install(app)
    effects.install()
    reading.install(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            tune_sqlite_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT"])
