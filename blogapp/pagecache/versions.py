"""The content version: which cached pages are still current.

A version has a token, replaced when every page retires (a change whose
rows are not told apart, a new deployment's first request), and a count of
the retirements since (``seq``) with, for each tag, the retirement that last
retired it. A page carries the token and the count it was rendered at: it
is current while the token is the same and none of its tags was retired
after it. The clock alone changes some pages (a scheduled article comes out,
comments close on an old article): the next such moment is kept too, with
when it was computed, so the next request retires what came due since.

With Redis the version lives there (redispages.py). Without, in a small file
in the instance folder that the workers of the host share, rewritten under
a lock (several hosts need Redis, as for rate limits).
"""

from __future__ import annotations

import fcntl
import os
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from .entries import Entry

# Tags the version file remembers; past that it forgets the older half, and
# every page rendered before the newest it forgot retires with them.
MAX_REMEMBERED_TAGS = 1000


@dataclass(frozen=True)
class Clock:
    """What a retirement learned of the clock: the next moment it changes a page.

    ``checked``: worked out by the clock check, which retired everything that
    came due before; it replaces the moment kept. Otherwise (after a change
    of content, say a new schedule) only a sooner moment replaces it: a
    later one may be another worker's schedule, not yet seen by this one.
    """

    next_change: float | None
    checked: bool = False


@dataclass(frozen=True)
class Version:
    token: str
    # When the content last changed (seconds since the epoch): pages' Last-Modified.
    changed_at: float
    # When the clock next changes a page, if ever, and when that was worked out.
    next_change: float | None = None
    checked_at: float = 0.0
    # Retirements under this token; pages rendered before ``floor`` are all retired.
    seq: int = 0
    floor: int = 0
    # The retirement that last retired each tag (the file keeps them; Redis checks its own).
    retired: Mapping[str, int] = field(default_factory=dict)

    def outdated(self, now: float) -> bool:
        return self.next_change is not None and now >= self.next_change

    def admits(self, entry: Entry, newest: int | None = None) -> bool:
        """Whether ``entry`` is current (``newest``: the last retirement of its tags, when known)."""
        if entry.version != self.token or entry.seq < self.floor:
            return False
        if newest is None:
            retired = self.retired
            return all(retired.get(tag, 0) <= entry.seq for tag in entry.tags)
        return newest <= entry.seq

    def retiring(self, tags: Iterable[str], now: float, clock: Clock | None = None) -> Version:
        """This version after retiring ``tags`` at ``now``, and learning ``clock``."""
        seq = self.seq + 1
        retired = {**self.retired, **dict.fromkeys(tags, seq)}
        floor = self.floor
        if len(retired) > MAX_REMEMBERED_TAGS:
            kept = sorted(retired.items(), key=lambda item: item[1])[len(retired) // 2:]
            floor = max(floor, min(seq for _, seq in kept))
            retired = dict(kept)
        next_change, checked_at = self.next_change, self.checked_at
        if clock is not None and clock.checked:
            next_change, checked_at = clock.next_change, now
        elif clock is not None and clock.next_change is not None:
            next_change = min(clock.next_change, next_change or clock.next_change)
        return replace(self, changed_at=now, next_change=next_change, checked_at=checked_at,
                       seq=seq, floor=floor, retired=retired)

    def dumps(self) -> str:
        head = f"{self.token} {self.changed_at!r} {self.next_change or 0!r} {self.checked_at!r} {self.seq} {self.floor}"
        return "\n".join([head, *(f"{tag} {seq}" for tag, seq in self.retired.items())]) + "\n"

    @classmethod
    def loads(cls, raw: str) -> Version | None:
        try:
            head, *lines = raw.splitlines()
            token, changed_at, next_change, checked_at, seq, floor = head.split()
            retired = {tag: int(number) for tag, number in (line.split() for line in lines)}
            return cls(token, float(changed_at), float(next_change) or None, float(checked_at),
                       int(seq), int(floor), retired)
        except ValueError:
            return None


def fresh_version(now: float, next_change: float | None) -> Version:
    """A version that retires every page."""
    return Version(secrets.token_hex(8), now, next_change, checked_at=now)


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
            self._version, self._seen = self._load(), seen
        return self._version

    def _load(self) -> Version | None:
        try:
            with open(self.path, encoding="ascii") as file:
                return Version.loads(file.read())
        except FileNotFoundError:
            return None

    def update(self, change: Callable[[Version | None], Version | None]) -> Version | None:
        """Replace the version with ``change(current)`` (None: leave it), one writer at a time.

        Every worker of the host writes here: the lock keeps two retirements
        from each writing its own copy and losing the other's tags.
        """
        with open(f"{self.path}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            version = change(self._load())
            if version is not None:
                # Written aside and renamed: a reader never sees half a version.
                partial = f"{self.path}.{os.getpid()}.{secrets.token_hex(4)}"
                with open(partial, "w", encoding="ascii") as file:
                    file.write(version.dumps())
                os.replace(partial, self.path)
            return version
