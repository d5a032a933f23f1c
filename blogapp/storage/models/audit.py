"""The audit log: every moderation action, kept after the comment and the user are gone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from .columns import NEVER_REUSE_IDS, utcnow


class AuditEntry(db.Model):
    """One moderation action: who did what to which comment, and when."""

    __tablename__ = "audit_log"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept as text too, so the log still names a user who was deleted.
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(16))
    # No foreign key: the entry outlives a comment deleted for good.
    comment_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[str] = mapped_column(String(300), default="")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} comment {self.comment_id} by {self.username}>"
