"""Serving pages from the cache, with ETag, Last-Modified and 304 answers.

A reader shares pages with others only when nothing on the page is theirs
alone: not signed in, no flashed message waiting, and (on article pages) no
comment of theirs awaiting moderation. Everyone else gets a page rendered
for them, which is never stored.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import UTC, datetime
from functools import wraps
from typing import Callable

from flask import current_app, g, make_response, request, session
from werkzeug.http import is_resource_modified

from .slots import fill, has_slots, split_at_markers
from .store import Entry, current_version, page_key, page_store
from .versions import Version

logger = logging.getLogger("blogapp.pagecache")
CACHE_CONTROL = "private, no-cache"
STATE_HEADER = "X-Page-Cache"


def shared_page(params: tuple[str, ...] = (), personal: Callable[[], bool] | None = None):
    """Serve the view from the page cache to readers who may share it.

    ``params``: the query parameters that choose the page (others are ignored);
    ``personal``: when it returns True, this request's page is the reader's own.
    """

    def decorate(view):
        @wraps(view)
        def serve(*args, **kwargs):
            if not shareable() or (personal is not None and personal()):
                return own_page(view(*args, **kwargs))
            parts = [request.host_url, request.path, *(f"{p}={request.args.get(p, '')}" for p in params)]
            return cached_page(parts, lambda: view(*args, **kwargs))

        return serve

    return decorate


def shareable() -> bool:
    if request.method not in ("GET", "HEAD") or "_flashes" in session or "_user_id" in session:
        return False
    return not request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))


def own_page(result):
    response = make_response(result)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers[STATE_HEADER] = "bypass"
    return response


def cached_page(key_parts: list[str], render: Callable):
    store, enabled = page_store(), current_app.config["PAGE_CACHE_ENABLED"]
    key = page_key(store, key_parts)
    version = entry = None
    if enabled:
        try:
            version, entry = store.fetch(key)
            version = current_version(store, version, time.time())
        except Exception:  # Redis away: render for this reader, store nothing.
            logger.warning("page cache unavailable", exc_info=True)
            enabled = False
    state = "hit"
    if entry is None or version is None or entry.version != version.token:
        response, entry = render_for_sharing(render, version)
        if entry is None:
            return response
        state = "miss"
        if enabled:
            store.keep(key, entry)
    return respond(entry, state)


def render_for_sharing(render: Callable, version: Version | None):
    """The view's response, and the entry to share when it is a 200 page."""
    g.page_slots = {}
    try:
        response = make_response(render())
    finally:
        markers = g.pop("page_slots")
    if response.status_code != 200 or response.direct_passthrough:
        return response, None
    parts = split_at_markers(response.get_data(as_text=True), markers)
    digest = hashlib.blake2b(digest_size=12)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else f"\0{part}\0".encode())
    changed_at = version.changed_at if version else time.time()
    return response, Entry(version.token if version else "", digest.hexdigest(), changed_at, response.content_type, parts)


def reader_validators(entry: Entry) -> tuple[str, float] | None:
    """ETag and Last-Modified for this reader, None when their copy cannot be valid."""
    if not has_slots(entry.parts):
        return entry.etag, entry.changed_at
    token = session.get(current_app.config["WTF_CSRF_FIELD_NAME"])
    if not token:
        return None
    # The page holds the reader's CSRF token: their copy stays valid while
    # that token does, so the validators change well before it expires.
    span = (current_app.config["WTF_CSRF_TIME_LIMIT"] or 4 * 365 * 86400) / 4
    period = int(time.time() // span)
    key = current_app.config["SECRET_KEY"].encode()[:64]
    tag = hashlib.blake2b(f"{token}|{period}".encode(), key=key, digest_size=6).hexdigest()
    return f"{entry.etag}-{tag}", max(entry.changed_at, period * span)


def respond(entry: Entry, state: str):
    validators = reader_validators(entry)
    fresh = validators is not None and not is_resource_modified(
        request.environ, etag=validators[0], last_modified=_http_date(validators[1])
    )
    if fresh:
        response = current_app.response_class(status=304)
    else:
        response = current_app.response_class(fill(entry.parts), content_type=entry.mimetype)
        validators = reader_validators(entry)
    response.set_etag(validators[0], weak=True)
    response.last_modified = _http_date(validators[1])
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers[STATE_HEADER] = state
    return response


def _http_date(seconds: float) -> datetime:
    return datetime.fromtimestamp(int(seconds), UTC)
