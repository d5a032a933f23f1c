"""Staff users (admins, editors, moderators) and their signed-in sessions."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ...extensions import db
from .columns import NEVER_REUSE_IDS, string_enum, utcnow


class Role(enum.StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    MODERATOR = "moderator"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(string_enum(Role))
    # Where moderators get mail about held comments, with their own one-time links; "" for none.
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # The key of the staff session this request was signed in with (auth/sessions.py).
    session_key = None

    def get_id(self) -> str:
        """What Flask-Login keeps in the cookie: the session's key, not the user's id,
        so that a cookie names one session that can be ended."""
        if self.session_key is None:
            raise RuntimeError("sign users in through blogapp.auth.sessions.start_session")
        return self.session_key

    def set_password(self, password: str) -> None:
        # werkzeug's default is scrypt, a memory-hard KDF.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        """Admins may do everything; others only what their role allows."""
        return self.role == Role.ADMIN or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class StaffSession(db.Model):
    """One signed-in browser of a staff user: its cookie holds a key, this row the key's digest.

    Signing out deletes the row; a new password, a new role (storage/effects.py)
    or deleting the user deletes all of the user's rows. A cookie whose row is
    gone signs in no one.
    """

    __tablename__ = "staff_sessions"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
