"""Defaults for what operators watch: log format, metrics, and secrets read from files."""

from __future__ import annotations


class ObservabilityDefaults:
    """Logs, metrics, and the settings that may come from files."""

    # "text": one plain line per record (the default), or "json": one JSON
    # object per line with the fields time, level, logger, message and, for
    # requests, request_id, method, path, status, duration_ms, client_hash
    # (BLOGAPP_LOG_FORMAT=json; gunicorn.conf.py reads it too, for its own lines).
    LOG_FORMAT = "text"

    # /metrics, in Prometheus's text format (pip install 'blogapp[metrics]').
    # Off by default; when on, answered only to the client addresses in
    # METRICS_ALLOWED (addresses or networks; the real client, after
    # TRUSTED_PROXIES), or to a request bearing "Authorization: Bearer
    # <METRICS_TOKEN>" when a token is set. Under gunicorn, set
    # PROMETHEUS_MULTIPROC_DIR to an empty directory the workers share (see
    # docs/operations.md), so that every worker's counts add up.
    METRICS_ENABLED = False
    METRICS_ALLOWED: list[str] = ["127.0.0.1/32", "::1/128"]
    METRICS_TOKEN = ""

    # Settings that may be read from a file instead (systemd's LoadCredential=,
    # container secrets): BLOGAPP_SECRET_KEY_FILE, BLOGAPP_MAIL_PASSWORD_FILE,
    # BLOGAPP_DATABASE_URL_FILE, BLOGAPP_REDIS_URL_FILE, BLOGAPP_METRICS_TOKEN_FILE
    # each name a file holding the value (see config/secrets.py). Unset by default.
