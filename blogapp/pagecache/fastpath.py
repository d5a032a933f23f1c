"""Cached pages answered before Flask's request handling, for readers who share them.

A page view that the cache can answer needs none of the routing, hooks and
objects Flask builds for a request; building them costs more than the
answer. This WSGI middleware answers such requests itself: an anonymous
reader (no sign-in, no message waiting, no comment of theirs pending), a GET
or HEAD for a host the site answers, whose query holds only page
parameters, a page stored under the current content version. It does what
the app does for every response (request id, log line, security headers);
it never writes a cookie, as no page readers share sets one. Anything else,
and every doubt, goes on to Flask, where the view decorator serves or
renders it (or the host check refuses it).
"""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qsl

from flask import Flask
from flask.sessions import SecureCookieSession
from itsdangerous import BadSignature

from ..web.headers import security_headers
from ..web.hosts import host_allowed
from ..web.requestlog import REQUEST_ID_HEADER, request_id_of, write_request_line
from .answers import answer
from .store import PAGE_PARAMS, page_key, page_key_parts

logger = logging.getLogger("blogapp.pagecache")
STATUS_LINES = {200: "200 OK", 304: "304 NOT MODIFIED"}
# Session keys that make a page the reader's own (Flask-Login's user, flashed
# messages, the reader's pending comments, a permanent session's flag).
PERSONAL_KEYS = ("_user_id", "_flashes", "own_comments", "_permanent")


class FastPath:
    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ: dict, start_response):
        started = time.perf_counter()
        result = self._try(environ) if environ["REQUEST_METHOD"] in ("GET", "HEAD") else None
        if result is None:
            return self.wsgi_app(environ, start_response)
        headers = result.headers + self._common_headers(environ)
        if result.status == 200:
            # A 304 says nothing of the length: its page is the one the reader kept.
            headers.append(("Content-Length", str(len(result.body))))
        start_response(STATUS_LINES[result.status], headers)
        write_request_line(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""), result.status,
                           (time.perf_counter() - started) * 1000, request_id_of(environ),
                           client=environ.get("REMOTE_ADDR"))
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [result.body]

    def _try(self, environ: dict):
        """The answer when this request may be answered here, else None."""
        app = self.app
        if not host_allowed(app.config, environ):  # Flask answers it with a 400 page.
            return None
        query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        path = environ.get("PATH_INFO", "")
        if not app.config["PAGE_CACHE_ENABLED"] or not path.isascii() or any(k not in PAGE_PARAMS for k, _ in query):
            return None
        reader = self._reader(environ)
        if reader is None or any(key in reader for key in PERSONAL_KEYS):
            return None
        # No app context is pushed: everything below takes the app or its config.
        store = app.extensions["blogapp.pages"]
        if store.unpublished:  # Publishing a version needs the database: Flask's side does that.
            return None
        try:
            version, entry = store.fetch(page_key(store, page_key_parts(store, environ, PAGE_PARAMS, query)))
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return None
        if entry is None or version.outdated(time.time()):  # An entry comes only with its version.
            return None
        return answer(app, entry, "hit", environ)

    def _reader(self, environ: dict) -> SecureCookieSession | None:
        """The reader's session, None if it cannot be read here (Flask decides then)."""
        app, interface = self.app, self.app.session_interface
        cookies = environ.get("HTTP_COOKIE", "")
        if app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
            return None
        value = _cookie(cookies, interface.get_cookie_name(app))
        if value is None:
            return SecureCookieSession()
        try:
            max_age = int(app.permanent_session_lifetime.total_seconds())
            return SecureCookieSession(interface.get_signing_serializer(app).loads(value, max_age=max_age))
        except BadSignature:
            return None

    def _common_headers(self, environ: dict) -> list[tuple[str, str]]:
        return [("Vary", "Cookie"), (REQUEST_ID_HEADER, request_id_of(environ)), *security_headers(self.app.config)]


def _cookie(header: str, name: str) -> str | None:
    for pair in header.split(";"):
        key, _, value = pair.strip().partition("=")
        if key == name:
            return value.strip('"')
    return None


def install(app: Flask) -> None:
    """Put the fast path in front of Flask, inside the proxy fix (which runs first)."""
    app.wsgi_app = FastPath(app, app.wsgi_app)
