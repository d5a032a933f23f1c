"""What a reader gets for a stored page: the page or 304, with headers any cache may act on.

Shared by the two ways a cached page is served: the view decorator
(``shared.py``) and the fast path in front of Flask (``fastpath.py``).
Every reader who shares a page gets the same bytes and validators, so the
headers let shared caches keep it for SHARED_CACHE_SECONDS. nginx reads
``X-Accel-Expires`` first and counts validity in whole seconds: "until the
end of this second" keeps a change from waiting longer than a second there.
The ``Surrogate-Key`` and ``Cache-Tag`` headers name what the page shows
(``tags.py``), for caches that purge by tag.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from flask import Flask
from werkzeug.http import http_date, is_resource_modified, quote_etag

from .entries import Entry

# Pages for one reader (staff, or a reader with something of their own to see).
PRIVATE_CACHE_CONTROL = "private, no-cache"
STATE_HEADER = "X-Page-Cache"


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@lru_cache(maxsize=64)
def _http_date(seconds: int) -> str:
    # Pages share a handful of Last-Modified moments: format each once.
    return http_date(seconds)


@lru_cache(maxsize=8)
def shared_cache_control(seconds: int, stale_seconds: int) -> str:
    return f"public, max-age=0, s-maxage={seconds}, stale-while-revalidate={stale_seconds}"


def shared_headers(config, now: float | None = None) -> list[tuple[str, str]]:
    """The caching headers of a page every anonymous reader shares."""
    second = int(time.time() if now is None else now)
    control = shared_cache_control(int(config["SHARED_CACHE_SECONDS"]), int(config["SHARED_CACHE_STALE_SECONDS"]))
    headers = [("Cache-Control", control)]
    if config["SHARED_CACHE_SECONDS"]:
        headers.append(("X-Accel-Expires", f"@{second}"))
    return headers


@lru_cache(maxsize=1024)
def tag_headers(tags: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """What the page shows, for caches in front that purge by tag: Fastly and
    Varnish's xkey read ``Surrogate-Key`` (spaces), Cloudflare ``Cache-Tag`` (commas)."""
    return ("Surrogate-Key", " ".join(tags)), ("Cache-Tag", ",".join(tags))


def _still_valid(environ: dict, entry: Entry) -> bool:
    """Whether the reader's copy (If-None-Match / If-Modified-Since) is current."""
    offered = environ.get("HTTP_IF_NONE_MATCH")
    if offered is None and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    if offered == quote_etag(entry.etag, weak=True):  # What browsers send: the ETag they were given.
        return True
    return not is_resource_modified(
        environ, etag=entry.etag, last_modified=datetime.fromtimestamp(int(entry.changed_at), UTC)
    )


def answer(app: Flask, entry: Entry, state: str, environ: dict) -> Answer:
    """The response to this request for ``entry``, the same for every reader who shares it.

    Takes the app rather than using ``current_app``: the fast path answers
    without pushing an app context.
    """
    fresh = _still_valid(environ, entry)
    headers = [
        ("ETag", quote_etag(entry.etag, weak=True)),
        ("Last-Modified", _http_date(int(entry.changed_at))),
        *shared_headers(app.config),
        *tag_headers(entry.tags),
        (STATE_HEADER, state),
    ]
    if fresh:
        return Answer(304, headers, b"")
    headers.insert(0, ("Content-Type", entry.mimetype))
    return Answer(200, headers, entry.body)
