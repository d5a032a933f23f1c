"""Who may reach a staff page."""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, request, session
from flask_login import current_user, login_required
from flask_login.config import COOKIE_NAME

from ..extensions import login_manager
from ..storage.models import Role


def roles_required(*roles: Role):
    """Signed-in users with one of ``roles`` (admins always) may pass.

    :raise 403: for a signed-in user without the role; anonymous visitors
        are sent to the login page instead.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def stamp_reader_session(response):
    """Give a reader's session Flask-Login's identifier for this browser.

    With "strong" protection Flask-Login takes any non-empty session without
    that identifier (a commenter's holds their pending comments) for a stolen
    one: it strips it and deletes the remember cookie on every request, so every page
    went out with two Set-Cookie headers. Stamped, a reader's session is left
    alone until their address or browser changes.
    """
    if session and "_id" not in session and not current_user.is_authenticated:
        session["_id"] = login_manager._session_identifier_generator()
    # On a first visit the check above may already have run (the page's form
    # token filled the session first) and asked to delete a remember cookie
    # the reader never had: no need for a second Set-Cookie then.
    if session.get("_remember") == "clear" and request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)) is None:
        session.pop("_remember")
    return response
