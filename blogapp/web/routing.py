"""Ids in addresses: only whole numbers an id column can hold.

Werkzeug's ``int`` converter takes numbers of any size, and SQLite cannot
even compare a number beyond 64 bits (the request failed with a 500). Here
``<int:...>`` in every route means a database id, 1 to 2**31 - 1 (PostgreSQL's
``integer``), in ASCII digits; anything else is simply not found.
"""

from __future__ import annotations

import functools
from typing import Callable

from flask import Flask, current_app
from flask.globals import _cv_request
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

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


def install(app: Flask) -> None:
    # Before the blueprints: rules pick their converter when they are added.
    app.url_map.converters["int"] = IdConverter


class RememberedUrls:
    """``app.url_for`` with each address built once per site root.

    Building an address walks Werkzeug's rule map (about 6 µs); a listing
    page builds 27 of them. The map does not change while the app runs and
    blogapp's ``url_defaults`` hooks depend only on the endpoint and values,
    so an address is a function of (site root, endpoint, values).
    """

    LIMIT = 20_000

    def __init__(self, app: Flask):
        self.build, self.known = app.url_for, {}

    def __call__(self, endpoint: str, **values) -> str:
        context = _cv_request.get(None)
        if context is None:  # Outside a request the address depends on config: build it.
            return self.build(endpoint, **values)
        if endpoint.startswith("."):
            blueprint = context.request.blueprint
            endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
        environ = context.request.environ  # After the proxy fix: the scheme and host readers use.
        try:
            key = (environ["wsgi.url_scheme"], environ.get("HTTP_HOST"), environ.get("SCRIPT_NAME"), endpoint,
                   *sorted(values.items()))
            return self.known[key]
        except KeyError:
            pass
        except TypeError:  # A list or other unhashable value: build it every time.
            return self.build(endpoint, **values)
        if len(self.known) >= self.LIMIT:
            self.known.clear()
        address = self.known[key] = self.build(endpoint, **values)
        return address


STAND_IN = "~stand-in~"
_DEFAULT_CONVERTER = UnicodeConverter(Map())


def address_maker(endpoint: str, field: str) -> Callable[[str], str]:
    """``url_for(endpoint, **{field: value})`` for the many values of one page, quickly.

    For rules whose ``field`` takes the default converter, as ``<slug>`` does.
    The address is built once around a stand-in value; each value is put in
    its place as the converter writes it. A listing page links to two
    addresses per article.
    """
    prefix, _, suffix = current_app.url_for(endpoint, **{field: STAND_IN}).rpartition(STAND_IN)
    return lambda value: f"{prefix}{path_segment(value)}{suffix}"


@functools.lru_cache(maxsize=2048)
def path_segment(value: str) -> str:
    """``value`` quoted as the default converter quotes it, remembered: the
    slugs of the first listing pages come back on every request."""
    return _DEFAULT_CONVERTER.to_url(value)


def remember_urls(app: Flask) -> None:
    app.url_for = RememberedUrls(app)
    app.jinja_env.globals["url_for"] = app.url_for
