"""blogapp's per-process rate-limit counters (``memory://``, and the fallback while Redis is away)."""

from __future__ import annotations

import threading
import time

from limits import parse
from limits.strategies import FixedWindowRateLimiter

from blogapp.web.ratestore import SweptMemoryStorage


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
    assert storage.counters_held() == 1, "reader-a's expired counter is swept"
    assert counter.hit(item, "reader-a")  # a new window


def test_a_unit_given_back_frees_the_limit_within_the_same_window():
    storage = SweptMemoryStorage()
    counter = FixedWindowRateLimiter(storage)
    item = parse("1/minute")
    assert counter.hit(item, "editor")
    assert not counter.hit(item, "editor")
    counter.hit(item, "editor", cost=-1)  # the refused attempt gives its unit back
    counter.hit(item, "editor", cost=-1)  # and so does the one that did not count
    assert counter.hit(item, "editor")
    stats = counter.get_window_stats(item, "editor")
    assert stats.remaining == 0 and time.time() < stats.reset_time <= time.time() + 60


def test_clear_and_reset_forget_counters():
    storage = SweptMemoryStorage()
    counter = FixedWindowRateLimiter(storage)
    item = parse("1/hour")
    assert counter.hit(item, "a") and counter.hit(item, "b")
    counter.clear(item, "a")
    assert counter.hit(item, "a") and not counter.hit(item, "b")
    assert storage.reset() == 2
    assert counter.hit(item, "b")
