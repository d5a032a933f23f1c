"""Ids in addresses: only whole numbers an id column can hold.

Werkzeug's ``int`` converter takes numbers of any size, and SQLite cannot
even compare a number beyond 64 bits (the request failed with a 500). Here
``<int:...>`` in every route means a database id, 1 to 2**31 - 1 (PostgreSQL's
``integer``), in ASCII digits; anything else is simply not found.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def is_id(text: str) -> bool:
    """Whether ``text`` (from a form or query) is a plain id within range."""
    return text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID


class IdConverter(IntegerConverter):
    # ASCII digits only: Werkzeug's \d also matches "１" and other scripts' digits.
    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register(app: Flask) -> None:
    # Before the blueprints: rules pick their converter when they are added.
    app.url_map.converters["int"] = IdConverter
