"""A rendered page as the cache keeps it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """A rendered page: text parts, with the names of reader slots between them."""

    version: str
    etag: str
    changed_at: float
    mimetype: str
    parts: tuple

    @property
    def size(self) -> int:
        """The page's bytes (its text parts; the slots are filled per reader)."""
        return sum(len(part) for part in self.parts[::2])
