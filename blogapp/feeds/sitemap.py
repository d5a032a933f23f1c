"""What the sitemap lists, cut into files of at most SITEMAP_MAX_URLS addresses.

The protocol (sitemaps.org) allows 50,000 URLs in one file; past that,
``/sitemap.xml`` becomes a sitemap index of ``/sitemap-1.xml``,
``/sitemap-2.xml``... The addresses are numbered in a fixed order: the home
page, the categories by name, then the published articles by id, so an
article keeps its file while newer ones are published. Article rows are read
a file's worth at a time (only the columns the sitemap writes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..storage.models import Article, Category
from ..web.addresses import absolute_address_maker, absolute_url_for
from ..web.templating import last_changed

PROTOCOL_MAX_URLS = 50_000


@dataclass(frozen=True)
class Url:
    loc: str
    lastmod: datetime | None


def max_urls() -> int:
    """SITEMAP_MAX_URLS, kept within what search engines accept (check-config reports a bad value)."""
    value = current_app.config["SITEMAP_MAX_URLS"]
    return value if type(value) is int and 1 <= value <= PROTOCOL_MAX_URLS else PROTOCOL_MAX_URLS


def _published():
    return Article.published().order_by(None).order_by(Article.id)


def _category_changed() -> dict[int, datetime]:
    """Each category's last change: the latest of its published articles'."""
    rows = db.session.execute(
        _published().with_only_columns(Article.category_id, func.max(Article.updated_at),
                                       func.max(Article.published_at))
        .order_by(None).group_by(Article.category_id)
    )
    return {category_id: max(updated, published) for category_id, updated, published in rows}


def _leading_urls() -> list[Url]:
    """The home page and every category, before the articles."""
    changed = _category_changed()
    categories = db.session.scalars(select(Category).order_by(Category.name, Category.id)).all()
    return [Url(absolute_url_for("blog.index"), max(changed.values(), default=None)),
            *(Url(absolute_url_for("blog.category", slug=c.slug), changed.get(c.id)) for c in categories)]


def _article_urls(offset: int, limit: int) -> list[Url]:
    rows = db.session.execute(
        _published().with_only_columns(Article.slug, Article.published_at, Article.updated_at)
        .offset(offset).limit(limit)
    )
    address = absolute_address_maker("blog.article", "slug")
    return [Url(address(row.slug), last_changed(row)) for row in rows]


def file_count() -> int:
    """How many files the addresses fill (1 for an empty blog: its home page)."""
    total = 1 + db.session.scalar(select(func.count(Category.id))) + \
        db.session.scalar(_published().with_only_columns(func.count(Article.id)).order_by(None))
    return -(-total // max_urls())


def urls_of_file(number: int) -> list[Url]:
    """The addresses of file ``number`` (1-based)."""
    size = max_urls()
    start, end = (number - 1) * size, number * size
    leading = _leading_urls()
    urls = leading[start:end]
    first_article = max(start - len(leading), 0)
    return urls + _article_urls(first_article, max(end - max(start, len(leading)), 0))


def file_changes(count: int) -> list[datetime | None]:
    """For each of ``count`` files, when the latest of its addresses changed (one query, grouped by file)."""
    size, leading = max_urls(), _leading_urls()
    changes: list[datetime | None] = [None] * count
    for index, url in enumerate(leading):
        _latest(changes, index // size, url.lastmod)
    numbered = _published().with_only_columns(
        Article.published_at, Article.updated_at,
        (func.row_number().over(order_by=Article.id) - 1 + len(leading)).label("position"),
    ).order_by(None).subquery()
    number = (numbered.c.position // size).label("number")
    rows = db.session.execute(select(number, func.max(numbered.c.published_at), func.max(numbered.c.updated_at))
                              .group_by(number))
    for file_index, published, updated in rows:
        _latest(changes, file_index, max(published, updated))
    return changes


def _latest(changes: list[datetime | None], index: int, when: datetime | None) -> None:
    if when is not None and (changes[index] is None or when > changes[index]):
        changes[index] = when
