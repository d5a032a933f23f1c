"""The signed moment a comment form was shown, for the "too fast" rule.

The form carries the render time signed with the app's secret key, so a bot
cannot claim it read the page longer than it did.
"""

from __future__ import annotations

import json
import time
from functools import lru_cache

from flask import Flask, current_app

from .signing import QuickSigner, app_signer

SALT = "comment-form-rendered"


def _signer(app: Flask | None = None) -> QuickSigner:
    # Built once per key: every article page view signs a time.
    app = app or current_app
    return app_signer(app, app.config["SECRET_KEY"], SALT, timed=False)


def sign_render_time(now: float | None = None, app: Flask | None = None) -> str:
    """A token holding the current time, to put in the form (``app``: when no app context is pushed)."""
    # Hundredths of a second, rounded down: a render time never lies in the future.
    return _signed_moment(_signer(app), int((time.time() if now is None else now) * 100))


@lru_cache(maxsize=8)
def _signed_moment(signer: QuickSigner, hundredths: int) -> str:
    # Forms shown within the same hundredth of a second share one token: signed once.
    # repr is what json.dumps writes for a finite float, without its layers.
    return signer.sign(repr(hundredths / 100).encode())


def seconds_since_render(token: str | None, now: float | None = None) -> float | None:
    """Seconds since ``token`` was signed; None when it is missing or forged."""
    if not token:
        return None
    found = _signer().unsign(token)
    try:
        rendered = json.loads(found[0]) if found else None
    except ValueError:
        return None
    if not isinstance(rendered, (int, float)) or isinstance(rendered, bool):
        return None
    return (time.time() if now is None else now) - rendered
