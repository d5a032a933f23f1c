"""Every metric blogapp exports, defined once per process.

Label values come from the code, never from a request: endpoint names,
status codes, comment statuses, audit actions, exception class names. A
client cannot grow the number of series.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

# From well under a millisecond (a cached page) to the 30 s gunicorn allows.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter(
    "blogapp_http_requests", "HTTP requests answered, by endpoint and status code.", ["endpoint", "status"])
LATENCY = Histogram(
    "blogapp_http_request_duration_seconds", "Time to answer a request, by endpoint.", ["endpoint"],
    buckets=LATENCY_BUCKETS)
PAGE_CACHE = Counter(
    "blogapp_page_cache_requests", "Pages answered through the page cache: hit, miss or bypass.", ["result"])
COMMENTS = Counter(
    "blogapp_comments", "Comments sent: approved, pending or spam as stored, refused when not stored.",
    ["outcome"])
MODERATION = Counter(
    "blogapp_moderation_actions", "Actions written to the audit log (approve, spam, trash, ...).", ["action"])
DATABASE_ERRORS = Counter(
    "blogapp_database_errors", "Errors raised by the database driver, by exception class.", ["error"])
