"""What moderators are still to be told: held comments waiting for the next digest mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from .columns import NEVER_REUSE_IDS, utcnow
from .comments import Comment


class HeldNotice(db.Model):
    """A held comment that the next moderators' digest lists (MODERATOR_DIGEST_MINUTES > 0).

    Written with the comment, in its transaction; the digest marks it
    ``digested_at`` in the transaction that puts the digest mails in the
    outbox, so a comment is listed once, and never lost if no sender runs
    for a while. A deleted comment takes its notice with it.
    """

    __tablename__ = "held_notices"
    __table_args__ = (
        # The digest's question: what has not been listed yet, oldest first.
        Index("ix_held_notices_digested_at_id", "digested_at", "id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    digested_at: Mapped[datetime | None]

    comment: Mapped[Comment] = relationship(passive_deletes=True)

    def __repr__(self) -> str:
        return f"<HeldNotice comment {self.comment_id} digested={self.digested_at}>"
