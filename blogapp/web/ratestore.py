"""The per-process rate-limit counters behind ``memory://``, without a thread per hit.

limits' MemoryStorage drops expired counters from a 10 ms timer thread that
it starts again whenever the last one has finished: under a sync worker,
on nearly every counted request. Starting a thread costs about 0.2 ms of
CPU, and on a busy machine the request then waits milliseconds for the new
thread to be scheduled, inside a comment's write transaction. This storage
keeps the fixed-window counters that blogapp.web.quotas and Flask-Limiter's
default strategy use, through limits' public ``Storage`` interface, with
MemoryStorage's rules; the request that counts sweeps expired counters
itself, at most once every SWEEP_SECONDS.

Defining the class registers it for the ``memory://`` scheme (limits keeps
one class per scheme), so Flask-Limiter's storage and blogapp.web.quotas'
fallback are both of this kind once this module is imported.
"""

from __future__ import annotations

import threading
import time

from limits.storage import Storage

SWEEP_SECONDS = 10.0


class SweptMemoryStorage(Storage):
    """Fixed-window counters in this process, swept in the calling thread."""

    STORAGE_SCHEME = ["memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        # key -> (count, the moment its window ends)
        self._counters: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._next_sweep = 0.0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return RuntimeError  # Nothing here can be unreachable the way a server can.

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._lock:
            if now >= self._next_sweep:
                self._sweep(now)
            count = self._live(key, now) + amount
            # As MemoryStorage: a window starts when its counter leaves zero.
            ends = now + expiry if count == amount else self._counters[key][1]
            self._counters[key] = (count, ends)
            return count

    def get(self, key: str) -> int:
        return self._live(key, time.time())

    def get_expiry(self, key: str) -> float:
        now = time.time()
        return self._counters[key][1] if self._live(key, now) else now

    def check(self) -> bool:
        return True

    def reset(self) -> int:
        with self._lock:
            cleared = len(self._counters)
            self._counters.clear()
        return cleared

    def clear(self, key: str) -> None:
        with self._lock:
            self._counters.pop(key, None)

    def counters_held(self) -> int:
        """Counters in memory, expired ones not yet swept included.

        (Not ``__len__``: an empty storage must not read as false.)
        """
        return len(self._counters)

    def _live(self, key: str, now: float) -> int:
        """The count of ``key``'s window, 0 once it has ended."""
        count, ends = self._counters.get(key, (0, 0.0))
        return count if ends > now else 0

    def _sweep(self, now: float) -> None:
        self._next_sweep = now + SWEEP_SECONDS
        for key in [key for key, (_, ends) in self._counters.items() if ends <= now]:
            del self._counters[key]
