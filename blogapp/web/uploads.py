"""Forms that carry a file: a body limit of their own, and a 413 page that names it.

Every other request stops at MAX_CONTENT_LENGTH (64 KiB). A view marked
``accepts_upload("MEDIA_MAX_BYTES", ...)`` takes that many bytes of file
and a little more for its other fields; the limit is raised before anything
reads the body (the input checks and the CSRF check read the form).
"""

from __future__ import annotations

from flask import Flask, current_app, request

# Room for the form's other fields and the multipart boundaries around the file.
FORM_ALLOWANCE = 64 * 1024


def accepts_upload(limit_key: str, too_large_message: str):
    """Let the view's requests carry up to ``config[limit_key]`` bytes of file.

    ``too_large_message`` (formatted with ``limit_mib``) is the 413 page's text.
    """

    def mark(view):
        view.upload_limit_key = limit_key
        view.too_large_message = too_large_message
        return view

    return mark


def _view():
    return current_app.view_functions.get(request.endpoint) if request.endpoint else None


def upload_limit() -> int | None:
    """The marked view's file limit in bytes, or None for an ordinary request."""
    key = getattr(_view(), "upload_limit_key", None)
    return int(current_app.config[key]) if key else None


def too_large_message() -> str | None:
    """The marked view's own 413 text, or None."""
    message, limit = getattr(_view(), "too_large_message", None), upload_limit()
    return message.format(limit_mib=f"{limit / 1024 / 1024:g}") if message and limit else None


def _raise_the_limit() -> None:
    limit = upload_limit()
    # Only a multipart body carries a file; any other keeps the ordinary limit.
    if limit is not None and request.mimetype == "multipart/form-data":
        request.max_content_length = limit + FORM_ALLOWANCE


def install(app: Flask) -> None:
    # First of all before_request hooks: the host and input checks come later and read the form.
    app.before_request_funcs.setdefault(None, []).insert(0, _raise_the_limit)
