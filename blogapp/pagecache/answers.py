"""What a reader gets for a stored page: the page filled for them, or 304.

Shared by the two ways a cached page is served: the view decorator
(``shared.py``) and the fast path in front of Flask (``fastpath.py``).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import MutableMapping

from flask import Flask
from werkzeug.http import http_date, is_resource_modified, quote_etag

from .entries import Entry
from .slots import fill, has_slots

CACHE_CONTROL = "private, no-cache"
STATE_HEADER = "X-Page-Cache"


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def reader_validators(config, entry: Entry, reader: MutableMapping) -> tuple[str, float] | None:
    """ETag and Last-Modified for this reader, None when their copy cannot be valid."""
    if not has_slots(entry.parts):
        return entry.etag, entry.changed_at
    token = reader.get(config["WTF_CSRF_FIELD_NAME"])
    if not isinstance(token, str):
        return None
    # The page holds the reader's CSRF token: their copy stays valid while
    # that token does, so the validators change well before it expires.
    span = (config["WTF_CSRF_TIME_LIMIT"] or 4 * 365 * 86400) / 4
    period = int(time.time() // span)
    key = config["SECRET_KEY"].encode()[:64]
    tag = hashlib.blake2b(f"{token}|{period}".encode(), key=key, digest_size=6).hexdigest()
    return f"{entry.etag}-{tag}", max(entry.changed_at, period * span)


@lru_cache(maxsize=64)
def _http_date(seconds: int) -> str:
    # Pages share a handful of Last-Modified moments: format each once.
    return http_date(seconds)


def _still_valid(environ: dict, validators: tuple[str, float]) -> bool:
    """Whether the reader's copy (If-None-Match / If-Modified-Since) is current."""
    offered = environ.get("HTTP_IF_NONE_MATCH")
    if offered is None and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    if offered == quote_etag(validators[0], weak=True):  # What browsers send: the ETag they were given.
        return True
    return not is_resource_modified(
        environ, etag=validators[0], last_modified=datetime.fromtimestamp(int(validators[1]), UTC)
    )


def answer(app: Flask, entry: Entry, state: str, environ: dict, reader: MutableMapping) -> Answer:
    """The response to this request for ``entry`` (``reader``: the reader's session).

    Takes the app rather than using ``current_app``: the fast path answers
    without pushing an app context.
    """
    validators = reader_validators(app.config, entry, reader)
    fresh = validators is not None and _still_valid(environ, validators)
    if fresh:
        status, body = 304, b""
    else:
        status, body = 200, fill(app, entry.parts, reader)
        # A new reader's token was made by filling the page: their validators come from it.
        validators = validators or reader_validators(app.config, entry, reader)
    headers = [
        ("ETag", quote_etag(validators[0], weak=True)),
        ("Last-Modified", _http_date(int(validators[1]))),
        ("Cache-Control", CACHE_CONTROL),
        (STATE_HEADER, state),
    ]
    if status == 200:
        headers.insert(0, ("Content-Type", entry.mimetype))
    return Answer(status, headers, body)
