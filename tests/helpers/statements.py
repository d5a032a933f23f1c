"""Counting the SQL statements a request sends, with a SQLAlchemy event listener."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from typing import Iterator

from sqlalchemy import event, insert

from blogapp.extensions import db
from blogapp.storage.counts import recount
from blogapp.storage.models import Article, ArticleStatus, Comment, CommentStatus, utcnow


@contextmanager
def counted_statements() -> Iterator[list[str]]:
    """Every statement sent to the database inside the block (BEGIN aside)."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def add_articles(category_id: int, count: int, prefix: str = "bulk") -> None:
    """``count`` published articles, one minute apart, inserted in one statement."""
    now = utcnow()
    rows = [
        dict(title=f"{prefix} {n}", slug=f"{prefix}-{n}", summary="", body_markdown="", body_html="<p>x</p>",
             status=ArticleStatus.PUBLISHED, published_at=now - timedelta(days=1, minutes=n),
             created_at=now, updated_at=now, comments_open=True, version=1, category_id=category_id)
        for n in range(count)
    ]
    db.session.execute(insert(Article), rows)
    db.session.commit()


def add_comments(article: Article, count: int, replies_every: int = 0) -> None:
    """``count`` approved comments in one statement; every ``replies_every``-th
    one answers the comment before it."""
    start = article.published_at + timedelta(minutes=1)
    rows = [
        dict(article_id=article.id, author_name=f"Reader {n}", author_email="", author_url="",
             body_raw=f"Comment {n}", body_html=f"<p>Comment {n}</p>", status=CommentStatus.APPROVED,
             client_hash="", created_at=start + timedelta(seconds=n), held_reason="", from_staff=False)
        for n in range(count)
    ]
    db.session.execute(insert(Comment), rows)
    if replies_every:
        ids = sorted(db.session.scalars(db.select(Comment.id).where(Comment.article_id == article.id)))
        for n in range(replies_every, len(ids), replies_every):
            db.session.execute(db.update(Comment).where(Comment.id == ids[n]).values(parent_id=ids[n - 1]))
    # Bulk statements pass no flush: count as blogapp's own bulk loads do.
    recount(db.session.connection(), [article.id])
    db.session.commit()
