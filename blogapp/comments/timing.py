"""The signed moment a comment form was shown, for the "too fast" rule.

The form carries the render time signed with the app's secret key, so a bot
cannot claim it read the page longer than it did.
"""

from __future__ import annotations

import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "comment-form-rendered"


def _serializer() -> URLSafeSerializer:
    # Built once per app: every article page view signs a time.
    serializer = current_app.extensions.get("blogapp.render_time")
    if serializer is None or serializer.secret_keys[-1] != current_app.config["SECRET_KEY"].encode():
        serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)
        current_app.extensions["blogapp.render_time"] = serializer
    return serializer


def sign_render_time(now: float | None = None) -> str:
    """A token holding the current time, to put in the form."""
    return _serializer().dumps(round(time.time() if now is None else now, 3))


def seconds_since_render(token: str | None, now: float | None = None) -> float | None:
    """Seconds since ``token`` was signed; None when it is missing or forged."""
    if not token:
        return None
    try:
        rendered = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(rendered, (int, float)):
        return None
    return (time.time() if now is None else now) - rendered
