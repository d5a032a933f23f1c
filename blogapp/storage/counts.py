"""An article's comment counts, kept on its row: pages and posts read them, never count.

Counting an article's approved comments and threads reads every comment it
has. On an article with 50,000 comments that cost about 90 ms on every
comment posted, inside SQLite's write transaction that every other post
waits for, and 100 ms on every render of its page. The counts live in
``articles.approved_comments`` and ``articles.comment_threads`` instead, and
are counted again, in the same transaction, when a flush changes which of an
article's comments are public: moderation, staff replies, imports, the demo.
A reader's pending comment changes neither. Statements that bypass the ORM
(an approved comment stored by comments/storing.py, bulk loads) go through
``effects.write_comments``, which counts for them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from sqlalchemy import Connection, Update, bindparam, event, func, inspect, select, update
from sqlalchemy.orm import Session, aliased

from .models import Article, Comment, CommentStatus

APPROVED = CommentStatus.APPROVED
# Articles per statement: far below SQLite's and PostgreSQL's limits on parameters.
BATCH = 1000


def thread_starts(article_id):
    """Approved comments of the article that answer no approved comment."""
    parent = aliased(Comment)
    return (
        select(Comment.id, Comment.created_at)
        .outerjoin(parent, (parent.id == Comment.parent_id) & (parent.status == APPROVED))
        .where(Comment.article_id == article_id, Comment.status == APPROVED, parent.id.is_(None))
    )


@functools.cache
def _counting() -> Update:
    articles = Article.__table__
    approved = select(func.count()).where(Comment.article_id == articles.c.id, Comment.status == APPROVED)
    # Counted in place, not from a derived table: only a scalar subquery
    # correlates with the article being updated.
    threads = thread_starts(articles.c.id).with_only_columns(func.count(), maintain_column_froms=True)
    return (
        update(articles)
        .where(articles.c.id.in_(bindparam("ids", expanding=True)))
        # Counting is not editing: the article's "last changed" time stays.
        .values(approved_comments=approved.scalar_subquery(), comment_threads=threads.scalar_subquery(),
                updated_at=articles.c.updated_at)
    )


def recount(connection: Connection, article_ids: Iterable[int]) -> None:
    """Count the approved comments and threads of ``article_ids`` again."""
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        if connection.dialect.name == "postgresql":
            # Wait for another transaction counting the same articles, then count
            # in a statement that sees what it committed (SQLite runs one writer).
            locked = select(Article.id).where(Article.id.in_(batch)).order_by(Article.id).with_for_update()
            connection.execute(locked)
        connection.execute(_counting(), {"ids": batch})


def _changes_counts(comment: Comment, kind: str) -> bool:
    """Whether writing ``comment`` (``kind``: new, dirty or deleted) can change its article's counts."""
    state = inspect(comment)
    if kind == "dirty" and not (state.attrs.status.history.has_changes()
                                or state.attrs.parent_id.history.has_changes()):
        return False
    # A status change of a comment also decides whether its approved replies
    # start threads of their own.
    return comment.approved_before_or_after()


def _recount_after_flush(session: Session, _context) -> None:
    # After the flush every new row has its id; the lists and histories are still the flush's.
    changed = {
        comment.article_id
        for kind, instances in (("new", session.new), ("dirty", session.dirty), ("deleted", session.deleted))
        for comment in instances
        if isinstance(comment, Comment) and _changes_counts(comment, kind)
    }
    recount(session.connection(), changed)


def watch_comment_counts() -> None:
    """Recount after every flush that needs it, from now on (idempotent; ``create_app`` calls it)."""
    if not event.contains(Session, "after_flush", _recount_after_flush):
        event.listen(Session, "after_flush", _recount_after_flush)
