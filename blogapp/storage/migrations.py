"""Schema migrations: Flask-Migrate and Alembic, loaded only when one runs.

Alembic (with Mako and Pygments) costs each process about 11 MB, and a
serving worker never migrates. So ``create_app`` puts a stand-in for
Flask-Migrate's settings in ``app.extensions["migrate"]``: ``flask db ...``
(see blogapp/cli), ``flask_migrate.upgrade()`` and migrations/env.py read it
as they would Flask-Migrate's own, and it builds the ``Migrate`` object on
first use.
"""

from __future__ import annotations

import os
from functools import cached_property

from flask import Flask

from ..extensions import db

# The schema changes only through the migrations. A wheel carries them inside
# the package (setup.py copies them to blogapp/_migrations); a checkout, and an
# editable install of it, keeps them beside the package in migrations/.
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGED_MIGRATIONS = os.path.join(PACKAGE_DIR, "_migrations")
CHECKOUT_MIGRATIONS = os.path.join(os.path.dirname(PACKAGE_DIR), "migrations")
MIGRATIONS_DIR = PACKAGED_MIGRATIONS if os.path.isdir(PACKAGED_MIGRATIONS) else CHECKOUT_MIGRATIONS
# render_as_batch: SQLite alters a table by copying it; compare_type: `db check` sees type changes.
ALEMBIC_OPTIONS = {"render_as_batch": True, "compare_type": True}


class MigrateSettings:
    """What Flask-Migrate keeps in ``app.extensions["migrate"]`` (its
    ``_MigrateConfig``: ``migrate``, ``db``, ``directory``, ``configure_args``)."""

    def __init__(self, directory: str):
        self.db = db
        self.directory = directory
        self.configure_args = dict(ALEMBIC_OPTIONS)

    @property
    def metadata(self):
        return self.db.metadata

    @cached_property
    def migrate(self):
        from flask_migrate import Migrate

        return Migrate(db=self.db, directory=self.directory, **ALEMBIC_OPTIONS)


def install(app: Flask) -> None:
    app.extensions["migrate"] = MigrateSettings(MIGRATIONS_DIR)
