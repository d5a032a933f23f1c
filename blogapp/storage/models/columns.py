"""What the models share: UTC timestamps, digests of secret keys, enum columns, ids never reused."""

from __future__ import annotations

import enum
import hashlib
from datetime import UTC, datetime

from sqlalchemy import Enum


def utcnow() -> datetime:
    """Now in UTC, naive: every timestamp in the database is UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def key_digest(key: str) -> str:
    """What the database keeps of a secret key a browser holds: the key itself never."""
    return hashlib.sha256(key.encode()).hexdigest()


def string_enum(enum_class: type[enum.Enum]) -> Enum:
    """Store an enum's values as plain strings, the same on every database."""
    return Enum(
        enum_class,
        native_enum=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


# SQLite reuses the highest rowid after a delete unless a table says
# AUTOINCREMENT; an id that comes back would hand a deleted comment's memory,
# audit entries or a user's sessions to the next row. PostgreSQL never reuses.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}
