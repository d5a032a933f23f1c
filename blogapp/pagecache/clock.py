"""What the clock alone changes on public pages: scheduled articles, comments closing by age
(the global limit or the article's category's own)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Connection, func, select

from ..storage.changes import PublicChange
from ..storage.models import Article, ArticleStatus, Category

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
    for days, in_group in closing_groups(connection):
        oldest_open = connection.scalar(select(func.min(Article.published_at)).where(
            published, in_group, Article.published_at >= moment - timedelta(days=days)))
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
    for days, in_group in closing_groups(connection):
        age = timedelta(days=days, microseconds=1)
        change.comments_on.update(connection.scalars(select(Article.id).where(
            published, in_group, Article.published_at > start - age, Article.published_at <= end - age)))
    return change


def closing_groups(connection: Connection) -> list[tuple[int, ColumnElement[bool]]]:
    """Each age limit in force, with which articles it closes: the global
    COMMENTS_CLOSE_AFTER_DAYS, and the categories' own (set at the desk)."""
    own = connection.execute(select(Category.id, Category.comments_close_after_days)
                             .where(Category.comments_close_after_days.is_not(None))).all()
    by_days: dict[int, list[int]] = {}
    for category_id, days in own:
        by_days.setdefault(days, []).append(category_id)
    groups = [(days, Article.category_id.in_(ids)) for days, ids in by_days.items() if days]
    default = current_app.config["COMMENTS_CLOSE_AFTER_DAYS"]
    if default:
        groups.append((default, Article.category_id.not_in([category_id for category_id, _ in own])))
    return groups
