"""blogapp's per-process rate-limit counters (``memory://``, and the fallback while Redis is away)."""

from __future__ import annotations

import threading
import time

from limits import parse
from limits.strategies import FixedWindowRateLimiter

from blogapp.ratestore import SweptMemoryStorage


def test_per_process_counters_limit_and_sweep_without_a_thread_per_request():
    storage = SweptMemoryStorage()
    counter = FixedWindowRateLimiter(storage)
    item = parse("2/second")
    threads = threading.active_count()
    assert [counter.hit(item, "reader-a") for _ in range(3)] == [True, True, False]
    assert threading.active_count() == threads
    time.sleep(1.1)
    storage._next_sweep = 0.0  # the next counted request sweeps
    assert counter.hit(item, "reader-b")
    assert not any("reader-a" in key for key in storage.storage), "expired counters are swept"
    assert counter.hit(item, "reader-a")  # a new window
