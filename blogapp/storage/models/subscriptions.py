"""Commenters' mail settings: which comment's news an address asked for, and whether it confirmed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from .columns import NEVER_REUSE_IDS, utcnow
from .comments import Comment


class Subscription(db.Model):
    """"Email me when it is published and when someone replies", ticked on one comment.

    The address is the comment's own (``Comment.author_email``); this row
    keeps only a keyed digest of it (commenters/confirming.py), which finds
    every setting of an address for "stop all mail" without a link naming it.
    Nothing is mailed until ``confirmed_at`` is set.
    """

    __tablename__ = "subscriptions"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), unique=True)
    email_digest: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    # The "it is published" mail went: approving it again after an unapproval sends no second one.
    told_published: Mapped[bool] = mapped_column(default=False, server_default=false())

    comment: Mapped[Comment] = relationship()

    def __repr__(self) -> str:
        return f"<Subscription {self.id} to comment {self.comment_id}>"
