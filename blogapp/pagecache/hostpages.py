"""Pages for the workers of one host: each worker's memory, and the version file they share."""

from __future__ import annotations

from collections.abc import Iterable

from .entries import Entry
from .memory import MemoryPages
from .versions import Clock, Version, VersionFile


class HostPages:
    def __init__(self, version_path: str, max_bytes: int, timeout: int, max_pages: int | None):
        # Entries (frozen, of bytes) are kept as they are: pickling a 40 KB
        # page for every hit cost more than serving it.
        self.pages = MemoryPages(max_bytes, timeout, max_pages)
        self.version_file = VersionFile(version_path)

    def fetch(self, key: str) -> tuple[Version | None, Entry | None]:
        version, entry = self.version_file.read(), self.pages.get(key)
        if entry is None or version is None or not version.admits(entry):
            return version, None
        return version, entry

    def keep(self, key: str, entry: Entry) -> bool:
        return self.pages.set(key, entry)

    def replace(self, version: Version) -> None:
        self.version_file.update(lambda _current: version)

    def retire(self, tags: Iterable[str], now: float, clock: Clock | None = None) -> None:
        tags = tuple(tags)
        # No version yet: no page is current, and the next request starts one.
        self.version_file.update(lambda current: current and current.retiring(tags, now, clock))
