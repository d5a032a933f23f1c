"""Inserting rows that may already be there, as one statement on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db


def insert_new_rows(model, rows: list[dict]) -> list:
    """Insert those of ``rows`` that do not clash with a unique key; returns their primary keys.

    Two workers inserting the same row at once both succeed: one writes it,
    the other finds it there, and neither transaction fails.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(rows).on_conflict_do_nothing()
    return list(db.session.execute(statement.returning(*model.__table__.primary_key.columns)))
