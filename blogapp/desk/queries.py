"""What the desk lists: articles of every status, with their comment counts."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from ..extensions import db
from ..storage.models import Article, ArticleStatus, Comment, CommentStatus, utcnow

STATUS_FILTERS = ("draft", "published", "scheduled")


def desk_articles(status: str | None, category_id: int | None) -> Select[tuple[Article]]:
    """Articles for the desk, most recently changed first, optionally filtered."""
    query = select(Article).order_by(Article.updated_at.desc(), Article.id.desc())
    if status == "draft":
        query = query.where(Article.status == ArticleStatus.DRAFT)
    elif status == "published":
        query = query.where(Article.status == ArticleStatus.PUBLISHED, Article.published_at <= utcnow())
    elif status == "scheduled":
        query = query.where(Article.status == ArticleStatus.PUBLISHED, Article.published_at > utcnow())
    if category_id is not None:
        query = query.where(Article.category_id == category_id)
    return query


def comment_counts(article_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each article: how many comments are approved and how many wait."""
    rows = db.session.execute(
        select(Comment.article_id, Comment.status, func.count())
        .where(Comment.article_id.in_(article_ids))
        .where(Comment.status.in_([CommentStatus.APPROVED, CommentStatus.PENDING]))
        .group_by(Comment.article_id, Comment.status)
    )
    counts = {article_id: {"approved": 0, "pending": 0} for article_id in article_ids}
    for article_id, status, count in rows:
        counts[article_id][status.value] = count
    return counts
