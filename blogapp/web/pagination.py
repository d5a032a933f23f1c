"""Reading what picks a page (its number, a cursor) from the query string."""

from __future__ import annotations

from flask import abort, request

# Far beyond any real listing; keeps OFFSET inside a 64-bit integer.
MAX_PAGE = 1_000_000


def query_values() -> dict[str, str]:
    """The query string's first value for each name, as a plain dict.

    Reading a missing name from ``request.args`` (a MultiDict) raises and
    catches an exception; pages ask for several names that are usually absent.
    """
    return request.args.to_dict()


def page_values(names: tuple[str, ...]) -> dict[str, str]:
    """The values of ``names`` this request carries: what a redirect to the same page keeps.

    Never hand ``request.args`` itself to ``url_for``: a reader's ``?slug=``,
    ``?_method=`` or ``?_scheme=`` would become its arguments (a 500, or a
    link to another scheme) instead of plain query parameters.
    """
    args = query_values()
    return {name: args[name] for name in names if name in args}


def requested_page() -> int:
    """The ``?page=N`` of this request, 1 when absent.

    :raise 404: when the value is not a whole number from 1 to ``MAX_PAGE``.
    """
    raw = query_values().get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7:
        abort(404)
    page = int(raw)
    if not 1 <= page <= MAX_PAGE:
        abort(404)
    return page


def page_number_as_linked() -> bool:
    """Whether ``?page=N`` is absent or written as the site's links write it:
    2, 3, ..., never 1 (that page's address has no number) nor 007."""
    raw = query_values().get("page")
    return raw is None or (raw.isascii() and raw.isdigit() and not raw.startswith("0") and raw != "1")
