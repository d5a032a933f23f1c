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
from functools import wraps
from typing import Callable

from flask import current_app, g, make_response, request, session

from .answers import PRIVATE_CACHE_CONTROL, STATE_HEADER, answer
from .entries import Entry
from .store import current_version, page_key, page_key_parts, page_store
from .tags import rendered_tags, varying_parts
from .versions import Version

logger = logging.getLogger("blogapp.pagecache")
# What Flask answers a view's string with.
HTML = "text/html; charset=utf-8"
# In ``g``: keep_out_of_cache() was called while the page was rendered.
NOT_STORED = "page_not_stored"


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
            return cached_page(page_key_parts(page_store(), request.environ, params), lambda: view(*args, **kwargs))

        return serve

    return decorate


def shareable() -> bool:
    if request.method not in ("GET", "HEAD") or "_flashes" in session or "_user_id" in session:
        return False
    return not request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))


def own_page(result):
    response = make_response(result)
    response.headers["Cache-Control"] = PRIVATE_CACHE_CONTROL
    response.headers[STATE_HEADER] = "bypass"
    return response


def cached_page(key_parts: list[str], render: Callable):
    store, enabled = page_store(), current_app.config["PAGE_CACHE_ENABLED"]
    key = page_key(store, key_parts)
    version = entry = None
    if enabled:
        try:
            version, entry = store.fetch(key)
            if current_version(store, version, time.time()):
                version, entry = store.fetch(key)
        except Exception:  # Redis away: render for this reader, store nothing.
            logger.warning("page cache unavailable", exc_info=True)
            enabled = False
    state = "hit"
    if entry is None:
        response, entry = render_for_sharing(render, version)
        if entry is None:
            return response
        state = "miss"
        # An address the site never links, or a page above the size limit: served, not stored.
        if g.pop(NOT_STORED, False) or (enabled and not store.keep(key, entry)):
            state = "bypass"
    return respond(entry, state)


def keep_out_of_cache() -> None:
    """Serve the page being rendered, but never store it.

    For addresses the site itself never links (a made-up listing cursor, a
    page number with a leading zero): storing them would let anyone fill
    the cache with copies of pages under new keys.
    """
    g.setdefault(NOT_STORED, True)


def render_for_sharing(render: Callable, version: Version | None):
    """(None, the entry to share) when the view gave a 200 page, else (its response, None).

    ``version``: the version read before rendering, which the entry carries: a
    change committed while it renders retires it.
    """
    result = render()
    if isinstance(result, str):
        # A page, as most views return it: no Response built only to be read back.
        body, mimetype = result.encode(), HTML
    else:
        response = make_response(result)
        if response.status_code != 200 or response.direct_passthrough:
            return response, None
        body, mimetype = response.get_data(), response.content_type
    # Weak ETags name pages that mean the same: what changes with every render
    # alone (tags.varies_with) does not make a page new to a reader who has it.
    unvarying = body
    for part in varying_parts():
        unvarying = unvarying.replace(part, b"")
    etag = hashlib.blake2b(unvarying, digest_size=12).hexdigest()
    token, seq, changed_at = (version.token, version.seq, version.changed_at) if version else ("", 0, time.time())
    return None, Entry(token, seq, rendered_tags(), etag, changed_at, mimetype, body)


def respond(entry: Entry, state: str):
    result = answer(current_app._get_current_object(), entry, state, request.environ)
    return current_app.response_class(result.body, status=result.status, headers=result.headers)
