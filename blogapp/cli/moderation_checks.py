"""``flask check-config``'s look at readers' reports and the block lists."""

from __future__ import annotations

from flask import Flask
from limits import parse_many

from .checks import Finding


def check_reader_reports(app: Flask) -> Finding:
    """A threshold below 1, or a rate limit Flask-Limiter cannot read, would fail every report."""
    to_hide, limit = app.config["COMMENT_REPORTS_TO_HIDE"], app.config["COMMENT_REPORT_RATE_LIMIT"]
    if type(to_hide) is not int or to_hide < 1:
        return Finding("reader reports", False, f"COMMENT_REPORTS_TO_HIDE is {to_hide!r}, not a whole number from 1",
                       "set it to how many readers' reports send a comment back to pending (default 3)")
    try:
        parse_many(limit)
    except ValueError:
        return Finding("reader reports", False, f"COMMENT_REPORT_RATE_LIMIT {limit!r} is not a rate limit",
                       "write it in Flask-Limiter's notation, e.g. \"10 per hour\"")
    return Finding("reader reports", True, f"{to_hide} reports hide a comment; at most {limit} per client")
