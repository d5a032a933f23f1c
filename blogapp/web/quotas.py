"""Rate limits that hold when requests arrive together: take a unit first, atomically.

Flask-Limiter's ``deduct_when`` tests a limit before the view and counts
after it, so requests that arrive at once all pass the test: under four
workers sharing Redis, eight comments got through a limit of five. Here a
request takes one unit of each of its limits, with one atomic increment in
the shared storage, before the work that counts; when the request turns out
not to count (a correct password) it gives the unit back. Limits are counted
in fixed windows (the unit given back is a decrement), in the storage
Flask-Limiter uses (RATELIMIT_STORAGE_URI, or a per-process fallback while it
is unreachable). ``memory://`` counters are blogapp.web.ratestore's.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import parse_many
from limits.strategies import FixedWindowRateLimiter

from ..extensions import limiter
from .ratestore import SweptMemoryStorage

logger = logging.getLogger(__name__)
_fallback = FixedWindowRateLimiter(SweptMemoryStorage())


@dataclass(frozen=True)
class Quota:
    """A named limit whose value (Flask-Limiter notation) is the config key's."""

    name: str
    config_key: str


def _counter() -> FixedWindowRateLimiter:
    return FixedWindowRateLimiter(limiter.storage)


def _identifiers(quota: Quota, who: str) -> tuple[str, ...]:
    return current_app.config.get("RATELIMIT_KEY_PREFIX") or "blogapp", quota.name, who


def _hit(quota: Quota, who: str, cost: int) -> list[tuple[int, float]]:
    """Add ``cost`` to every limit of ``quota``; the (amount, reset time) of those now over."""
    over = []
    for item in parse_many(current_app.config[quota.config_key]):
        ids = _identifiers(quota, who)
        try:
            counter = _counter()
            within = counter.hit(item, *ids, cost=cost)
        except Exception:  # noqa: BLE001  (any storage failure: count in this process)
            if not current_app.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"]:
                raise
            logger.warning("rate-limit storage unreachable; counting %s in this process", quota.name)
            counter = _fallback
            within = counter.hit(item, *ids, cost=cost)
        if not within and cost > 0:
            over.append((item.amount, counter.get_window_stats(item, *ids).reset_time))
    return over


def take(quota: Quota, who: str) -> int | None:
    """Take one unit of ``quota`` for ``who``.

    Returns None when it was free, else the whole seconds until one is (and
    takes nothing).
    """
    if not current_app.config["RATELIMIT_ENABLED"]:
        return None
    over = _hit(quota, who, 1)
    if not over:
        return None
    _hit(quota, who, -1)
    return max(1, int(max(reset for _, reset in over) - time.time()))


def give_back(quota: Quota, who: str) -> None:
    """Return the unit a request took but that did not count after all."""
    if current_app.config["RATELIMIT_ENABLED"]:
        _hit(quota, who, -1)


def install(app: Flask) -> None:
    """Flask-Limiter keeps the counters' storage; its per-request hooks go.

    Its hooks check and report decorator limits, and no route has one (limits
    are taken above, where they apply): before every request it looked for
    limits, after it for headers to add, and at teardown it reset what it had
    not set. They only cost time.
    """
    limiter.init_app(app)
    for hooks in (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs):
        hooks[None] = [hook for hook in hooks.get(None, []) if not _is_limiters(hook)]


def _is_limiters(hook) -> bool:
    """A bound method of the limiter, or a partial that binds it."""
    return getattr(hook, "__self__", None) is limiter or limiter in getattr(hook, "args", ())
