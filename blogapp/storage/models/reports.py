"""Readers' reports of published comments: one per reader (client hash) per comment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from .columns import NEVER_REUSE_IDS, utcnow


class CommentReport(db.Model):
    __tablename__ = "comment_reports"
    __table_args__ = (UniqueConstraint("comment_id", "client_hash"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    client_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A moderator approved the comment after this report: it no longer counts towards hiding it.
    reviewed: Mapped[bool] = mapped_column(default=False, server_default=false())

    def __repr__(self) -> str:
        return f"<CommentReport on {self.comment_id}>"
