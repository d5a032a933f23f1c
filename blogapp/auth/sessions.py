"""Staff sessions that can be ended: a cookie names a session row, not a user.

A signed cookie cannot be taken back, so what it carries must point at
something the server can delete. Sign-in stores the digest of a random key in
``staff_sessions`` and puts the key in the cookie (as Flask-Login's user id);
every request finds the user through that row, in one statement. Signing out
deletes the row; a new password or role, ``flask users sign-out`` and
deleting the account delete every row of the user (models.StaffSession).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from ..extensions import db, login_manager
from ..storage.models import StaffSession, User, key_digest, utcnow

# Flask-Login's session key for the user's id; here it holds the session's key.
USER_ID_KEY = "_user_id"


def _oldest_valid_start():
    """Sessions started before this have outlived the cookie's lifetime."""
    lifetime: timedelta = current_app.permanent_session_lifetime
    return utcnow() - lifetime


def start_session(user: User) -> None:
    """Sign ``user`` in on this browser with a new session of their own."""
    key = secrets.token_urlsafe(32)
    # A user's expired sessions are dropped as a new one starts.
    db.session.execute(
        delete(StaffSession).where(StaffSession.user_id == user.id, StaffSession.created_at < _oldest_valid_start())
    )
    db.session.add(StaffSession(user_id=user.id, key_digest=key_digest(key)))
    db.session.commit()
    user.session_key = key
    login_user(user)


def end_this_session() -> None:
    """Sign out this browser: its session row goes, so a copy of the cookie is worthless."""
    key = session.get(USER_ID_KEY)
    if isinstance(key, str):
        db.session.execute(delete(StaffSession).where(StaffSession.key_digest == key_digest(key)))
        db.session.commit()
    logout_user()


def end_all_sessions(user: User) -> int:
    """Sign ``user`` out everywhere; how many sessions were ended. The caller commits."""
    return db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id)).rowcount


@login_manager.user_loader
def load_user(key: str) -> User | None:
    """The user whose live session has this key, or None (the cookie then forgets it)."""
    user = None
    if isinstance(key, str) and key:
        user = db.session.scalar(
            select(User)
            .join(StaffSession, StaffSession.user_id == User.id)
            .where(StaffSession.key_digest == key_digest(key), StaffSession.created_at >= _oldest_valid_start())
        )
    if user is None:
        # An ended session: drop it from the cookie, so the browser reads shared pages again.
        session.pop(USER_ID_KEY, None)
        return None
    user.session_key = key
    return user
