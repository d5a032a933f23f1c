"""Logging: one line per request, each tagged with its request id.

The id comes from the proxy's ``X-Request-ID`` header when it looks sane, so
nginx's and blogapp's lines can be matched; otherwise one is generated. It is
echoed in the response and added to every log record written during the
request, tracebacks included. Tracebacks go to the log only: the reader gets
the friendly page from ``errors.py``.

A line holds one record: a decoded ``%0a`` in a path would otherwise start
a forged line of its own, and an ESC would drive the operator's terminal.
Control and other non-printable characters in a message are written
escaped (``\\n``, ``\\x1b``, ``\\u2028``); the traceback after it keeps its lines.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time

from flask import Flask, Response, has_request_context, request
from flask.logging import default_handler

from ..text.clients import client_hash
from .logformat import JsonFormatter, log_format

LOGGER_NAME = "blogapp"
REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_KEY = "blogapp.request_id"
STARTED_KEY = "blogapp.request_started"
# Letters, digits and a few separators, as UUIDs and nginx's $request_id use.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

# Answered at DEBUG when all is well: what load balancers and orchestrators poll.
QUIET_ENDPOINTS = frozenset({"health.healthz", "health.livez", "health.readyz"})

request_logger = logging.getLogger(f"{LOGGER_NAME}.request")
# The key of the client hash in request lines: set only for LOG_FORMAT=json,
# whose lines carry one (a plain line has none, and costs no hash).
_client_key: list[str] = []


class RequestIdFilter(logging.Filter):
    """Give every record a ``request_id`` ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = current_request_id()
        elif not hasattr(record, "request_id"):
            # A line written outside Flask's request handling may bring its own id (``extra``).
            record.request_id = "-"
        return True


class LineFormatter(logging.Formatter):
    """``LOG_FORMAT`` with the date part of the time written once per second.

    Every request writes a line; the standard formatter spent a third of the
    line's cost formatting the same second again.
    """

    # (second, its text), replaced as one value so that threads never mix two seconds.
    _last: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        second, text = self._last
        if int(record.created) != second:
            second = int(record.created)
            text = time.strftime(self.default_time_format, self.converter(second))
            self._last = (second, text)
        return f"{text},{int(record.msecs):03d}"

    def formatMessage(self, record: logging.LogRecord) -> str:
        # Every message, whoever logs it (Flask's "Exception on <path>" too).
        record.message = loggable(record.message)
        return super().formatMessage(record)


def loggable(text: str) -> str:
    """``text`` for one log line: each non-printable character as its Python escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def request_id_of(environ: dict) -> str:
    """The id of the request ``environ`` describes: the client's if sane, else a new one.

    Kept in the WSGI environ, which lives exactly as long as the request.
    """
    if REQUEST_ID_KEY not in environ:
        offered = environ.get("HTTP_X_REQUEST_ID", "")
        environ[REQUEST_ID_KEY] = offered if SANE_REQUEST_ID.fullmatch(offered) else os.urandom(16).hex()
    return environ[REQUEST_ID_KEY]


def current_request_id() -> str:
    return request_id_of(request.environ)


def configure_logging(app: Flask) -> None:
    """Send blogapp's log to stderr (gunicorn and systemd collect it) at LOG_LEVEL, in LOG_FORMAT.

    :raise ValueError: when LOG_LEVEL is not a logging level name, or LOG_FORMAT not text or json.
    """
    level_name = str(app.config["LOG_LEVEL"]).upper()
    if not isinstance(logging.getLevelName(level_name), int):
        raise ValueError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level_name!r}")
    json_lines = log_format(app.config) == "json"
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level_name)
    # create_app may run more than once in a process (tests): one handler only.
    handler = next((h for h in logger.handlers if getattr(h, "blogapp", False)), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.blogapp = True
        handler.addFilter(RequestIdFilter())
        logger.addHandler(handler)
    handler.setFormatter(JsonFormatter() if json_lines else LineFormatter(LOG_FORMAT))
    _client_key[:] = [app.config["SECRET_KEY"]] if json_lines else []
    app.logger.removeHandler(default_handler)


def start_timer() -> None:
    request.environ[STARTED_KEY] = time.perf_counter()
    current_request_id()


def write_request_line(method: str, path: str, status: int, duration_ms: float, request_id: str,
                       level: int = logging.INFO, client: str | None = None) -> None:
    """The request's log line: "GET /path 200 1.2ms", tagged with its request id.

    Its fields are also on the record, for the JSON lines (``logformat.py``);
    ``client`` (the real address) goes there only as its keyed hash.

    The record goes through the logger's handlers and filters as usual, but is
    made directly: ``Logger.log`` would first walk the stack to find the
    calling line, a fifth of the line's cost, for a field the format never shows.
    """
    if request_logger.isEnabledFor(level):
        fields = {"request_id": request_id, "method": method, "path": path, "status": status,
                  "duration_ms": round(duration_ms, 1)}
        if _client_key:
            fields["client_hash"] = client_hash(client, _client_key[0])
        request_logger.handle(request_logger.makeRecord(
            request_logger.name, level, __file__, 0, "%s %s %s %.1fms",
            (loggable(method), loggable(path), status, duration_ms), None, extra=fields,
        ))


def log_request(response: Response) -> Response:
    """Echo the request id and write the request's line."""
    request_id = response.headers[REQUEST_ID_HEADER] = current_request_id()
    started = request.environ.get(STARTED_KEY)
    duration_ms = (time.perf_counter() - started) * 1000 if started else 0.0
    # Load balancers poll the probes every few seconds: keep that quiet.
    quiet = request.endpoint in QUIET_ENDPOINTS and response.status_code == 200
    write_request_line(request.method, request.path, response.status_code, duration_ms, request_id,
                       logging.DEBUG if quiet else logging.INFO, request.remote_addr)
    return response


def install(app: Flask) -> None:
    configure_logging(app)
    app.before_request(start_timer)
    app.after_request(log_request)
