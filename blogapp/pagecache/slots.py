"""Each reader's own values in a shared page: the form's CSRF token and render time.

A page rendered for sharing carries a random marker where such a value goes;
the stored page is split at the markers, and every response fills in the
values of the reader it is for. Markers are new on every render, so no text
a commenter wrote can pose as one.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from typing import Callable, MutableMapping

from flask import Flask, g

from ..web.render_time import sign_render_time
from ..web.signing import app_signer

# Flask-WTF signs the session's raw token with this salt (flask_wtf.csrf.generate_csrf).
CSRF_SALT = "wtf-csrf-token"


def reader_slot(name: str, value: str | None) -> str | None:
    """``value``, or, while a page is rendered for sharing, the marker of slot ``name``."""
    markers = g.get("page_slots")
    if markers is None:
        return value
    return markers.setdefault(name, f"reader-slot-{secrets.token_hex(16)}")


def split_at_markers(text: str, markers: dict[str, str]) -> tuple:
    """``text`` as bytes parts with slot names between them."""
    found = sorted(
        (position, marker, name)
        for name, marker in markers.items()
        for position in _positions(text, marker)
    )
    parts, start = [], 0
    for position, marker, name in found:
        parts += [text[start:position].encode(), name]
        start = position + len(marker)
    return (*parts, text[start:].encode())


def _positions(text: str, marker: str):
    position = text.find(marker)
    while position != -1:
        yield position
        position = text.find(marker, position + len(marker))


def has_slots(parts: tuple) -> bool:
    return len(parts) > 1


def csrf_token_for(app: Flask, reader: MutableMapping) -> str:
    """The reader's form token, signed as Flask-WTF signs it; a new reader gets a raw token."""
    config = app.config
    field = config["WTF_CSRF_FIELD_NAME"]
    if not isinstance(reader.get(field), str):
        reader[field] = hashlib.sha1(os.urandom(64)).hexdigest()
    secret = config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    return app_signer(app, secret, CSRF_SALT).sign(json.dumps(reader[field]).encode())


FILLERS: dict[str, Callable[[Flask, MutableMapping], str]] = {
    "csrf_token": csrf_token_for,
    "rendered": lambda app, _reader: sign_render_time(app=app),
}


def fill(app: Flask, parts: tuple, reader: MutableMapping) -> bytes:
    """The page for this reader (``reader``: their session): every slot filled with their value."""
    values: dict[str, bytes] = {}
    for part in parts[1::2]:
        if part not in values:
            values[part] = FILLERS[part](app, reader).encode()
    return b"".join(values[part] if index % 2 else part for index, part in enumerate(parts))
