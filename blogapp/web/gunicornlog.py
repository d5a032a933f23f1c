"""gunicorn's own lines as JSON, for ``BLOGAPP_LOG_FORMAT=json`` (named in gunicorn.conf.py).

gunicorn's master and workers write their start, stop and error lines
through ``gunicorn.error``, and, when an access log is on, a line per
request through ``gunicorn.access``. This logger class keeps gunicorn's
handlers and gives them blogapp's JSON formatter, so every line on stderr
has the same fields. Its access lines carry the request's fields but not
the peer's address: blogapp's own request line (with ``client_hash``, from
the real client address) is the one to read.
"""

from __future__ import annotations

import traceback

from gunicorn import glogging

from .logformat import JsonFormatter


class JsonLogger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time) -> None:
        """One JSON line per request, without the client's address."""
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = dict((name.lower(), value) for name, value in resp.headers)
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "request_id": headers.get("x-request-id"),
        }
        try:
            self.access_log.info("%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields)
        except Exception:
            self.error(traceback.format_exc())


__all__ = ["JsonLogger"]
