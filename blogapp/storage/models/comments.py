"""Readers' (and staff's) comments on articles, and the fingerprint of each one's text."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, event, false, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from .articles import Article
from .columns import NEVER_REUSE_IDS, string_enum, utcnow


def text_digest(text: str) -> str:
    """A 64-bit fingerprint of a comment's text: an index finds the same text by it."""
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _digest_of_inserted_body(context) -> str:
    # A column default, so ORM flushes and plain INSERTs (comments/storing.py) alike fill it.
    return text_digest(context.get_current_parameters()["body_raw"])


class CommentStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        # An article page: its approved comments, oldest first, in a stable order.
        Index("ix_comments_article_status_created_at", "article_id", "status", "created_at", "id"),
        # The moderation queue: one status, newest first; and the tab counts.
        Index("ix_comments_status_created_at", "status", "created_at"),
        # The duplicate check on posting: the same text on the same article.
        Index("ix_comments_article_body_digest", "article_id", "body_digest"),
        # The Spam tab sorted by the filter's score.
        Index("ix_comments_status_spam_score", "status", "spam_score", "id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(80))
    # Kept for the moderators only; never shown on a public page.
    author_email: Mapped[str] = mapped_column(String(254), default="", index=True)
    author_url: Mapped[str] = mapped_column(String(300), default="")
    # What the reader typed, kept so a later allowlist can re-clean it.
    body_raw: Mapped[str] = mapped_column(Text)
    # bleach's output: the only comment text a page ever shows.
    body_html: Mapped[str] = mapped_column(Text)
    # text_digest(body_raw), kept in step on insert and edit (see below).
    body_digest: Mapped[str] = mapped_column(String(16), default=_digest_of_inserted_body, server_default="")
    status: Mapped[CommentStatus] = mapped_column(
        string_enum(CommentStatus), default=CommentStatus.PENDING
    )
    # A keyed hash of the client's address: spots repeat offenders, reveals no IP.
    client_hash: Mapped[str] = mapped_column(String(64), default="")
    # key_digest of the key the author's session holds: what makes it "their" pending
    # comment (comments/queries.py). Empty for staff, imported and demo comments.
    owner_digest: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Why the policy held it or sent it to spam, shown in the queue.
    held_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Written by a signed-in moderator or admin: approved at once, marked on the page.
    from_staff: Mapped[bool] = mapped_column(default=False, server_default=false())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The spam filter's probability when it was posted or last edited (blogapp/spam/); None: not scored.
    spam_score: Mapped[float | None] = mapped_column(Float)
    # What the filter learnt from it: "spam", "ham" or "" (nothing), so a correction un-learns exactly that.
    spam_trained: Mapped[str] = mapped_column(String(4), default="", server_default="")

    article: Mapped[Article] = relationship(back_populates="comments")
    parent: Mapped[Comment | None] = relationship(remote_side=[id])

    def approved_before_or_after(self) -> bool:
        """During a flush: approved before the change being written, or after it
        (a new comment has no before). Readers saw it, or will."""
        status = inspect(self).attrs.status.history
        return CommentStatus.APPROVED in {*status.deleted, *status.unchanged, *status.added}

    def __repr__(self) -> str:
        return f"<Comment {self.id} on {self.article_id} ({self.status})>"


@event.listens_for(Comment, "before_update")
def _digest_edited_body(_mapper, _connection, comment: Comment) -> None:
    """A moderator's edit changes the text: its fingerprint follows."""
    if inspect(comment).attrs.body_raw.history.has_changes():
        comment.body_digest = text_digest(comment.body_raw)
