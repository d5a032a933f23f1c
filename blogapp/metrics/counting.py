"""What feeds the metrics: one WSGI layer around the app, and the ORM's events.

Nothing here is called from a feature's code. The WSGI layer sits outside
every other, so it sees each answer, the page cache's fast path included:
its status, its time, its ``X-Page-Cache`` header, and the endpoint Flask
matched (an ``after_request`` hook leaves it in the environ; a page the fast
path answered is matched once per address). A posted comment is counted by
the status it was stored with (the ``comment_posted`` signal, sent after its
commit); a comment form answered with a 4xx is a refused comment. Audit
entries (the moderation actions) are counted when the transaction that
wrote them commits, so a rollback counts nothing.
"""

from __future__ import annotations

import time
from functools import lru_cache

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from ..comments.signals import comment_posted
from ..pagecache.answers import STATE_HEADER
from ..storage.models import AuditEntry
from .instruments import COMMENTS, DATABASE_ERRORS, LATENCY, MODERATION, PAGE_CACHE, REQUESTS

ENDPOINT_KEY = "blogapp.metrics.endpoint"
COMMENT_ENDPOINT = "comments.post_comment"
PENDING_KEY = "blogapp.metrics.pending"
STATE_HEADER_LOWER = STATE_HEADER.lower()


class RequestCounting:
    """WSGI middleware: count and time every request, whoever answers it."""

    def __init__(self, app: Flask, wsgi_app):
        self.wsgi_app = wsgi_app
        adapter_for = app.url_map.bind

        @lru_cache(maxsize=2048)
        def endpoint_of(path: str) -> str:
            """The endpoint of a page the fast path answered (the same few paths, over and over)."""
            try:
                return adapter_for("localhost").match(path, method="GET")[0]
            except HTTPException:
                return "none"

        self.endpoint_of = endpoint_of
        # (endpoint, status) -> its request counter and latency histogram: labels() costs
        # more than the count itself, and the pairs are few.
        self.children: dict[tuple[str, int], tuple] = {}
        self.cache_results = {}

    def __call__(self, environ: dict, start_response):
        started = time.perf_counter()
        seen: list = []

        def recording_start_response(status, headers, exc_info=None):
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, recording_start_response)
        finally:
            self.record(environ, seen, time.perf_counter() - started)

    def record(self, environ: dict, seen: list, seconds: float) -> None:
        status, headers = (int(seen[0][:3]), seen[1]) if seen else (500, [])
        cache = next((value for name, value in headers if name.lower() == STATE_HEADER_LOWER), None)
        endpoint = environ.get(ENDPOINT_KEY)
        if endpoint is None:
            endpoint = self.endpoint_of(environ.get("PATH_INFO", "")) if cache else "none"
        children = self.children.get((endpoint, status))
        if children is None:
            children = self.children[endpoint, status] = (REQUESTS.labels(endpoint, str(status)),
                                                          LATENCY.labels(endpoint))
        children[0].inc()
        children[1].observe(seconds)
        if cache:
            counter = self.cache_results.get(cache) or self.cache_results.setdefault(cache, PAGE_CACHE.labels(cache))
            counter.inc()
        if endpoint == COMMENT_ENDPOINT and 400 <= status < 500:
            COMMENTS.labels("refused").inc()


def remember_endpoint(response):
    """Leave the matched endpoint where the WSGI layer reads it."""
    request.environ[ENDPOINT_KEY] = request.endpoint or "none"
    return response


def _note_flush(session: Session, _context) -> None:
    noted = session.info.setdefault(PENDING_KEY, [])
    noted.extend(instance.action for instance in session.new if isinstance(instance, AuditEntry))


def _after_commit(session: Session) -> None:
    for action in session.info.pop(PENDING_KEY, ()):
        MODERATION.labels(action).inc()


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def _comment_posted(_app, status) -> None:
    COMMENTS.labels(str(status)).inc()


def _database_error(context) -> None:
    DATABASE_ERRORS.labels(type(context.original_exception).__name__).inc()


LISTENERS = [
    (Session, "after_flush", _note_flush),
    (Session, "after_commit", _after_commit),
    (Session, "after_rollback", _after_rollback),
    (Engine, "handle_error", _database_error),
]


def install(app: Flask) -> None:
    for target, name, listener in LISTENERS:
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)
    comment_posted.connect(_comment_posted)
    app.after_request(remember_endpoint)
    app.wsgi_app = RequestCounting(app, app.wsgi_app)
