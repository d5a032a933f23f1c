"""The content version: a token that changes whenever what readers see changes.

Cached pages carry the version they were rendered at; a page from an older
version is never served. The version changes when a writer commits (see
``changes.py``), and also when the clock alone changes a page: a scheduled
article comes out, or comments close on an old article. The next such moment
is kept with the version.

With Redis it lives there, next to the pages, for every host. Without, it
lives in a small file in the instance folder that the workers of the host
share (several hosts need Redis, as for rate limits).
"""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Connection, func, select

from ..extensions import db
from ..storage.models import Article, ArticleStatus, utcnow


@dataclass(frozen=True)
class Version:
    token: str
    # When the content changed (seconds since the epoch): pages' Last-Modified.
    changed_at: float
    # When the clock next changes a page, if ever.
    next_change: float | None = None

    def dumps(self) -> str:
        return f"{self.token} {self.changed_at!r} {self.next_change or 0!r}"

    @classmethod
    def loads(cls, raw: str | bytes | None) -> Version | None:
        try:
            token, changed_at, next_change = (raw.decode() if isinstance(raw, bytes) else raw).split()
            return cls(token, float(changed_at), float(next_change) or None)
        except (AttributeError, ValueError):
            return None

    def outdated(self, now: float) -> bool:
        return self.next_change is not None and now >= self.next_change


class VersionFile:
    """The version in a file: one ``stat`` per request, a read only when it changed."""

    def __init__(self, path: str):
        self.path = path
        self._seen: tuple | None = None
        self._version: Version | None = None

    def read(self) -> Version | None:
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return None
        seen = (status.st_ino, status.st_mtime_ns, status.st_size)
        if seen != self._seen:
            with open(self.path, encoding="ascii") as file:
                self._version, self._seen = Version.loads(file.read()), seen
        return self._version

    def write(self, version: Version) -> None:
        # Written aside and renamed: a reader never sees half a version.
        partial = f"{self.path}.{os.getpid()}.{secrets.token_hex(4)}"
        with open(partial, "w", encoding="ascii") as file:
            file.write(version.dumps())
        os.replace(partial, self.path)


def _epoch(moment: datetime | None) -> float | None:
    return None if moment is None else (moment - datetime(1970, 1, 1)).total_seconds()


def next_clock_change(connection: Connection) -> float | None:
    """The next moment a scheduled article comes out or comments close by age."""
    now = utcnow()
    published = Article.status == ArticleStatus.PUBLISHED
    moments = [connection.scalar(select(func.min(Article.published_at)).where(published, Article.published_at > now))]
    days = current_app.config["COMMENTS_CLOSE_AFTER_DAYS"]
    if days:
        oldest_open = connection.scalar(
            select(func.min(Article.published_at)).where(published, Article.published_at >= now - timedelta(days=days))
        )
        moments.append(oldest_open + timedelta(days=days, microseconds=1) if oldest_open else None)
    return min((_epoch(m) for m in moments if m is not None), default=None)


def new_version() -> Version:
    """A fresh version, asking the database when the clock next changes a page."""
    with db.engine.connect() as connection:
        next_change = next_clock_change(connection)
    return Version(secrets.token_hex(8), time.time(), next_change)
