"""Refuse requests whose address or form is not clean UTF-8 text, before any view runs.

Werkzeug quietly turns bytes that are not UTF-8 into U+FFFD, and NUL
characters pass through to the database (where PostgreSQL refuses them).
Neither belongs in a blog's addresses or forms, so such a request gets a 400
page that says what was wrong; nothing is read further and nothing is saved.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, request

from .errors import kept_text, render_error

FORM_TYPE = "application/x-www-form-urlencoded"
BAD_ADDRESS = (
    "This address contains characters that are not valid text (bytes that are not UTF-8, "
    "or a NUL character). Please check the link and try again."
)
BAD_FORM = (
    "What you sent contains characters that are not valid text (bytes that are not UTF-8, "
    "or a NUL character), so nothing was saved. Your text is below, without them: "
    "copy it, go back, reload the page and send it again."
)


def is_clean_text(raw: bytes) -> bool:
    """Whether ``raw`` is UTF-8 without NUL characters."""
    try:
        return "\x00" not in raw.decode("utf-8")
    except UnicodeDecodeError:
        return False


def _decoded_url_part(value: str) -> bytes:
    """A WSGI string (bytes carried as latin-1), percent-escapes resolved."""
    return unquote_to_bytes(value.encode("latin-1").replace(b"+", b" "))


def address_is_clean() -> bool:
    environ = request.environ
    return all(
        is_clean_text(_decoded_url_part(environ.get(key, "")))
        for key in ("PATH_INFO", "QUERY_STRING")
    )


def form_is_clean() -> bool:
    """The fields of a posted form, checked before anything parses them."""
    if request.mimetype == FORM_TYPE:
        # Cached, so the form is parsed from these same bytes afterwards.
        raw = request.get_data(cache=True)
        return is_clean_text(unquote_to_bytes(raw.replace(b"+", b" ")))
    return not any("\x00" in value for _, value in request.form.items(multi=True))


def refuse_unclean_input():
    if not address_is_clean():
        return render_error(400, BAD_ADDRESS)
    if request.method in ("POST", "PUT", "PATCH") and not form_is_clean():
        return render_error(400, BAD_FORM, kept_text=kept_text())
    return None


def install(app: Flask) -> None:
    app.before_request(refuse_unclean_input)
