"""The per-process rate-limit counters behind ``memory://``, without a thread per hit.

limits' MemoryStorage drops expired counters from a 10 ms timer thread that
it starts again whenever the last one has finished: under a sync worker,
on nearly every counted request. Starting a thread costs about 0.2 ms of
CPU, and on a busy machine the request then waits milliseconds for the new
thread to be scheduled, inside a comment's write transaction. Here the
request that counts sweeps expired counters itself, at most once every
SWEEP_SECONDS. Limits are unchanged: MemoryStorage already treats a counter
whose window has ended as zero when it reads it; the sweep only frees memory.

Defining the class registers it for the ``memory://`` scheme (limits keeps
one class per scheme), so Flask-Limiter's storage and blogapp.quotas'
fallback are both of this kind once this module is imported.
"""

from __future__ import annotations

import time

from limits.storage import MemoryStorage

SWEEP_SECONDS = 10.0


class SweptMemoryStorage(MemoryStorage):
    """MemoryStorage that sweeps expired counters in the calling thread."""

    STORAGE_SCHEME = ["memory"]
    _next_sweep = 0.0

    # MemoryStorage calls this (by its private name) before every change.
    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_SECONDS
            # Should limits rename it, counters are still read correctly; only the sweep stops
            # (tests/test_rate_limits.py notices).
            expire = getattr(self, "_MemoryStorage__expire_events", None)
            if expire is not None:
                expire()
