"""A rendered page as the cache keeps it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """A rendered page: the same bytes for every reader it is served to."""

    version: str
    etag: str
    changed_at: float
    mimetype: str
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body)
