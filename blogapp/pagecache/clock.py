"""What the clock alone changes on public pages: scheduled articles, comments closing by age."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Connection, func, select

from ..storage.changes import PublicChange
from ..storage.models import Article, ArticleStatus

EPOCH = datetime(1970, 1, 1)


def _epoch(moment: datetime | None) -> float | None:
    return None if moment is None else (moment - EPOCH).total_seconds()


def _moment(seconds: float) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


def next_clock_change(connection: Connection, now: float) -> float | None:
    """The next moment after ``now`` a scheduled article comes out or comments close by age."""
    moment = _moment(now)
    published = Article.status == ArticleStatus.PUBLISHED
    moments = [connection.scalar(select(func.min(Article.published_at)).where(published, Article.published_at > moment))]
    days = current_app.config["COMMENTS_CLOSE_AFTER_DAYS"]
    if days:
        oldest_open = connection.scalar(
            select(func.min(Article.published_at)).where(published, Article.published_at >= moment - timedelta(days=days))
        )
        moments.append(oldest_open + timedelta(days=days, microseconds=1) if oldest_open else None)
    return min((_epoch(m) for m in moments if m is not None), default=None)


def changed_by_the_clock(connection: Connection, since: float, now: float) -> PublicChange:
    """What came due in (``since``, ``now``]: articles that came out, and those whose comments closed."""
    start, end = _moment(since), _moment(now)
    published = Article.status == ArticleStatus.PUBLISHED
    change = PublicChange()
    for article_id, category_id in connection.execute(
        select(Article.id, Article.category_id).where(published, Article.published_at > start,
                                                      Article.published_at <= end)
    ):
        change.articles.add(article_id)
        change.categories.add(category_id)
    days = current_app.config["COMMENTS_CLOSE_AFTER_DAYS"]
    if days:
        age = timedelta(days=days, microseconds=1)
        change.comments_on.update(connection.scalars(
            select(Article.id).where(published, Article.published_at > start - age, Article.published_at <= end - age)
        ))
    return change
