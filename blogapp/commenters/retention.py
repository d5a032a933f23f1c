"""Keep less: what ``flask purge`` removes once CLIENT_HASH_RETENTION_DAYS have passed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..storage.models import Comment, CommentStatus, utcnow


def purge(retention_days: int) -> dict[str, int]:
    """Empty old client hashes, and old email addresses of comments no longer pending.

    Through the ORM, row by row, like every other write; running it twice changes nothing more.
    The caller commits.
    """
    cutoff = utcnow() - timedelta(days=retention_days)
    old = Comment.created_at < cutoff
    hashed = list(db.session.scalars(select(Comment).where(old, Comment.client_hash != "")))
    for comment in hashed:
        comment.client_hash = ""
    # A pending comment keeps its address: the moderator may still need it.
    # When a mail-settings (subscriptions) table exists, addresses that still
    # have settings there are exempted here with a NOT EXISTS on that table.
    mailed = list(db.session.scalars(
        select(Comment).where(old, Comment.author_email != "", Comment.status != CommentStatus.PENDING)
    ))
    for comment in mailed:
        comment.author_email = ""
    return {"client_hashes": len(hashed), "emails": len(mailed)}
