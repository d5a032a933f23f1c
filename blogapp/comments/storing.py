"""Storing a decided comment: one INSERT, then the session knows it as if loaded.

For one new row the ORM's unit of work costs more than the INSERT itself
(about 0.25 ms of CPU on every comment posted, with the flush, the commit's
bookkeeping and the flush listeners). The comment is still built as a model
object, so every attribute was cleaned when it was set (blogapp/plaintext.py)
and the policy reads it as before; only the write skips the unit of work.
A row written this way passes no flush, so blogapp/pagecache/changes.py does
not see it: ``publish_if_public`` is the caller's half of that contract.
"""

from __future__ import annotations

import functools

from sqlalchemy import Insert, insert, inspect
from sqlalchemy.orm import make_transient_to_detached

from ..extensions import db
from ..models import Comment, CommentStatus, utcnow
from ..pagecache.store import content_changed
from .counts import recount


@functools.cache
def _insert() -> Insert:
    table = Comment.__table__
    return insert(table).returning(table.c.id)


def store(comment: Comment) -> None:
    """Insert the decided ``comment`` in the session's transaction; it gets its id.

    Afterwards the comment is persistent, as if a query had loaded it, so its
    ``parent`` and ``article`` load as for any other comment.
    """
    comment.created_at = utcnow()
    state = inspect(comment)
    values = {attr.key: state.dict[attr.key] for attr in state.mapper.column_attrs if attr.key in state.dict}
    connection = db.session.connection()
    comment.id = connection.scalar(_insert(), values)
    if comment.status == CommentStatus.APPROVED:
        recount(connection, [comment.article_id])  # No flush counts it (comments/counts.py).
    make_transient_to_detached(comment)
    db.session.add(comment)


def publish_if_public(status: CommentStatus) -> None:
    """After the commit: an approved comment changes the article's public page."""
    if status == CommentStatus.APPROVED:
        content_changed()
