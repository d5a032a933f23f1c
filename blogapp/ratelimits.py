"""Route-level rate limits, one per form that strangers can post.

Each limit is read from its config key on every request and counted per
client address (the real one when TRUSTED_PROXIES is set). Counters live in
Redis when REDIS_URL is set, so a limit holds across workers and hosts.
"""

from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address

from .extensions import limiter


def _comment_rate_limit() -> str:
    return current_app.config["COMMENT_RATE_LIMIT"]


# Posting a comment: COMMENT_RATE_LIMIT, e.g. "5 per minute".
limit_comment_posting = limiter.limit(
    _comment_rate_limit, key_func=get_remote_address, scope="comment-posting"
)
