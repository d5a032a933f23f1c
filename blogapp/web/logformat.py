"""``LOG_FORMAT = "json"``: each log record as one JSON object on one line.

Log collectors (journald's JSON export, Loki, Elasticsearch) read fields
rather than guess them from text. blogapp's records, its request lines and
gunicorn's own lines (gunicorn.conf.py) share these names:

- ``time`` (UTC, ISO 8601, milliseconds), ``level``, ``logger``, ``message``;
- ``request_id`` for records written during a request;
- on request lines: ``method``, ``path``, ``status``, ``duration_ms`` and
  ``client_hash`` (the keyed hash comments keep, never the address);
- ``exception``: the traceback, as one string.

JSON escapes every control character, so a line always holds one record.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Optional fields, in the order they are written, when a record carries them.
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "client_hash")
LOG_FORMATS = ("text", "json")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: the fields above, and nothing a caller did not put there."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value not in (None, "", "-"):
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry)


def log_format(config) -> str:
    """LOG_FORMAT, checked.

    :raise ValueError: when it is neither "text" nor "json".
    """
    name = str(config["LOG_FORMAT"]).lower()
    if name not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be text or json, not {name!r}")
    return name
