"""Friendly error pages: a reader never sees a traceback."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime

from flask import Flask, current_app, render_template, request
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from ..extensions import db, limiter
from .uploads import too_large_message

# What each status means for a reader, in plain words.
MESSAGES = {
    400: ("Bad request", "The request could not be understood. Please check what you sent and try again."),
    403: ("Not allowed", "You are not allowed to do that here."),
    404: ("Page not found", "There is no page at this address. It may have moved, or never existed."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    410: ("No longer here", "What this address led to is gone or has expired."),
    413: ("Too large", "What you sent is larger than this site accepts. Please shorten it and try again."),
    429: ("Too many requests", "You have made too many requests in a short time. Please wait and try again."),
    500: ("Something went wrong", "An error on our side stopped this page. It has been logged; please try again later."),
}


# Fields people type at length, with or without a form prefix ("edit-body").
KEPT_FIELDS = ("title", "summary", "description", "body")


def kept_text() -> str:
    """What the person typed into the posted form's text fields, to give back on an error page."""
    typed = [
        value for name, value in request.form.items()
        if name.rpartition("-")[2] in KEPT_FIELDS and value.strip()
    ]
    return "\n\n".join(typed).replace("\x00", "")


def render_error(code: int, message: str | None = None, **context):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    html = render_template(
        "errors/error.html", code=code, title=title, message=message or default_message, **context
    )
    return html, code


def handle_http_error(error: HTTPException, **context):
    code = error.code or 500
    if code not in MESSAGES:
        return error
    response = error.get_response()
    body, _ = render_error(code, getattr(error, "blogapp_message", None), **context)
    response.set_data(body)
    response.content_type = "text/html; charset=utf-8"
    return response


def handle_csrf_error(error: CSRFError):
    """The form expired or was forged: nothing was saved, but keep the person's text."""
    text = kept_text()
    message = "Your form had expired or could not be verified, so nothing was saved. "
    if text:
        message += "Your text is below: copy it, go back, reload the page and send it again."
    else:
        message += "Please go back, reload the page and send it again."
    return render_error(400, message, kept_text=text)


def seconds_until_retry() -> int:
    """Whole seconds until the limit this request broke lets it through again."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    # Rounded down, as in the Retry-After header Flask-Limiter sends.
    return max(1, int(breached.reset_at - time.time()))


def describe_wait(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    return f"{math.ceil(seconds / 60)} minutes"


def too_many_requests(wait: int):
    """The 429 page: say when to retry, and give back what the person typed."""
    retry_at = datetime.fromtimestamp(time.time() + wait, UTC).strftime("%H:%M:%S")
    message = (
        f"You have sent too many requests in a short time, so this one was not processed. "
        f"Please wait {describe_wait(wait)} (until {retry_at} UTC) and try again."
    )
    text = kept_text()
    if text:
        message += " Your text is below: copy it and send it again then."
    body, code = render_error(429, message, kept_text=text)
    return body, code, {"Retry-After": str(wait)}


def handle_rate_limit(error: RateLimitExceeded):
    """A Flask-Limiter limit was hit."""
    return too_many_requests(seconds_until_retry())


def handle_too_large(error: RequestEntityTooLarge):
    """The body was over MAX_CONTENT_LENGTH: it was not read, so nothing was saved."""
    if own_message := too_large_message():
        return render_error(413, own_message)
    limit_kib = current_app.config["MAX_CONTENT_LENGTH"] // 1024
    return render_error(
        413,
        f"What you sent is larger than this site accepts (at most {limit_kib} KiB), "
        "so nothing was saved. Please go back, shorten it and send it again.",
    )


def handle_server_error(error: InternalServerError):
    # A failed request may leave the transaction broken; release it.
    db.session.rollback()
    return render_error(500)


def install(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(RequestEntityTooLarge, handle_too_large)
    app.register_error_handler(RateLimitExceeded, handle_rate_limit)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(HTTPException, handle_http_error)
