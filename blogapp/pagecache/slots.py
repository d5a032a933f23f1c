"""Each reader's own values in a shared page: the form's CSRF token and render time.

A page rendered for sharing carries a random marker where such a value goes;
the stored page is split at the markers, and every response fills in the
values of the reader it is for. Markers are new on every render, so no text
a commenter wrote can pose as one.
"""

from __future__ import annotations

import re
import secrets
from typing import Callable

from flask import g
from flask_wtf.csrf import generate_csrf

from ..comments.timing import sign_render_time

FILLERS: dict[str, Callable[[], str]] = {"csrf_token": generate_csrf, "rendered": sign_render_time}


def reader_slot(name: str, value: str | None) -> str | None:
    """``value``, or, while a page is rendered for sharing, the marker of slot ``name``."""
    markers = g.get("page_slots")
    if markers is None:
        return value
    return markers.setdefault(name, f"reader-slot-{secrets.token_hex(16)}")


def split_at_markers(text: str, markers: dict[str, str]) -> tuple:
    """``text`` as bytes parts with slot names between them."""
    if not markers:
        return (text.encode(),)
    names = {marker: name for name, marker in markers.items()}
    pieces = re.split("(" + "|".join(map(re.escape, names)) + ")", text)
    return tuple(names[piece] if index % 2 else piece.encode() for index, piece in enumerate(pieces))


def has_slots(parts: tuple) -> bool:
    return len(parts) > 1


def fill(parts: tuple) -> bytes:
    """The page for this reader: every slot filled with their own value."""
    values: dict[str, bytes] = {}
    for part in parts[1::2]:
        if part not in values:
            values[part] = FILLERS[part]().encode()
    return b"".join(values[part] if index % 2 else part for index, part in enumerate(parts))
