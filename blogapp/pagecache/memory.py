"""Pages kept in one worker's memory, within a budget of bytes.

A count of pages says little about memory: a listing page is a few KB, an
article with one long thread megabytes. cachetools' TTLCache sizes each
entry with a function (here, the page's bytes), evicts the least recently
used pages until a new one fits, and forgets pages older than the timeout.
Flask-Caching's SimpleCache, used before, can only count entries. TTLCache is
not thread-safe, so a lock guards it: gunicorn's sync workers have one
thread, but the development server has several.
"""

from __future__ import annotations

import threading

from cachetools import TTLCache

from .entries import Entry

# What an entry costs besides its text: the Entry and its tuple, the key and
# the cache's own links to it (a few hundred bytes, measured roughly).
ENTRY_OVERHEAD = 512


def entry_size(entry: Entry) -> int:
    return entry.size + ENTRY_OVERHEAD


class MemoryPages:
    """Entries by key, ``max_bytes`` at most; ``max_pages`` (deprecated) caps their number too."""

    def __init__(self, max_bytes: int, timeout: int, max_pages: int | None = None):
        self._pages: TTLCache = TTLCache(maxsize=max_bytes, ttl=timeout, getsizeof=entry_size)
        self._max_pages = max_pages
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            return self._pages.get(key)

    def set(self, key: str, entry: Entry) -> bool:
        """Keep ``entry``, evicting the least recently used; False when it is larger than the budget."""
        with self._lock:
            try:
                self._pages[key] = entry
            except ValueError:  # TTLCache's "value too large"
                self._pages.pop(key, None)
                return False
            while self._max_pages and len(self._pages) > self._max_pages:
                self._pages.popitem()
        return True

    @property
    def size(self) -> int:
        """The bytes held, as ``entry_size`` counts them."""
        with self._lock:
            self._pages.expire()
            return self._pages.currsize

    def __len__(self) -> int:
        with self._lock:
            self._pages.expire()
            return len(self._pages)
