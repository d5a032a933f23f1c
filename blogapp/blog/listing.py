"""Listings of published articles, newest first, a page at a time.

A page is found from its neighbour (keyset pagination), never by counting
from the top, so the 5,000th page costs what the first does: ``?before=C``
shows the articles published just before the one cursor ``C`` names,
``?after=C`` those just after it. A cursor is the article's publication time
and id, e.g. ``2026-10-02T09:00:00.000000_42``; only those of the listing's
own articles, written so, are cached (``past_the_cursor``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from flask import abort, current_app
from sqlalchemy import Select, bindparam, select

from ..extensions import db
from ..pagecache.shared import keep_out_of_cache
from ..storage.models import Article, ArticleStatus, Category, utcnow
from ..storage.reading import reading_connection
from ..web.pagination import query_values, requested_page
from ..web.routing import is_id

MAX_CURSOR_LENGTH = 40


class CategoryLink(NamedTuple):
    name: str
    slug: str


class ArticleSummary(NamedTuple):
    """What a listing shows of an article, read as plain rows: no ORM objects to build."""

    id: int
    title: str
    slug: str
    summary: str
    published_at: datetime
    approved_comments: int
    category: CategoryLink


class ListedCategory(NamedTuple):
    """The category a category page lists, read in the same statement as its articles
    (its name and slug, as every listing row has them, then its id and description)."""

    name: str
    slug: str
    id: int
    description: str


@dataclass
class Listing:
    articles: list[ArticleSummary]
    # Cursors for the "Newer articles" (?after=) and "Older articles" (?before=) links.
    newer: str | None
    older: str | None
    # On a category's page, the category, when the page has articles to read it with.
    category: ListedCategory | None = None


def cursor_for(article: Article | ArticleSummary) -> str:
    return _cursor(article.published_at, article.id)


def _cursor(moment: datetime, number: int) -> str:
    return f"{moment.isoformat(timespec='microseconds')}_{number}"


def parse_cursor(raw: str) -> tuple[datetime, int]:
    """:raise 404: when ``raw`` is not a cursor this site could have written."""
    moment, _, number = raw.rpartition("_")
    try:
        if len(raw) > MAX_CURSOR_LENGTH or not is_id(number):
            raise ValueError(raw)
        parsed = datetime.fromisoformat(moment)
        if parsed.tzinfo is not None:  # The site writes UTC times without an offset.
            raise ValueError(raw)
        return parsed, int(number)
    except ValueError:
        abort(404)


def past_the_cursor(found: list[ArticleSummary], raw: str, moment: datetime, number: int) -> list[ArticleSummary]:
    """The articles past the cursor ``raw`` (parsed: ``moment``, ``number``), of those read from it on.

    The statement reads from the cursor's own article on, so that one
    statement also tells whether the cursor is one the site links: the
    cursor of an article of this listing, written as ``cursor_for`` writes
    it. Any other cursor that parses still gets its page, but the page is
    not cached: no made-up cursor adds a page to the cache.
    """
    at_cursor = bool(found) and (found[0].published_at, found[0].id) == (moment, number)
    if not at_cursor or cursor_for(found[0]) != raw:
        keep_out_of_cache()
    return found[1:] if at_cursor else found


@functools.cache
def listing_statement(direction: str, in_category: bool) -> Select:
    """Built once: a page of published articles, newest first ("older") or
    oldest first ("newer"), taking ``limit``, ``upper``, ``moment``, ``number``
    (the cursor) and ``category_slug`` as parameters. A category's page also
    reads the category's id and description: one statement for the page."""
    query = (
        # A listing shows titles and summaries: the bodies stay in the database.
        select(Article.id, Article.title, Article.slug, Article.summary, Article.published_at,
               Article.approved_comments, Category.name, Category.slug)
        .join(Category, Category.id == Article.category_id)
        .where(Article.status == ArticleStatus.PUBLISHED, Article.published_at <= bindparam("upper"))
        .limit(bindparam("limit"))
    )
    if in_category:
        # The id first, then the articles by the index that starts with it.
        category_id = select(Category.id).where(Category.slug == bindparam("category_slug")).scalar_subquery()
        query = query.add_columns(Category.id, Category.description).where(Article.category_id == category_id)
    # From the cursor's own article on, inclusive (see past_the_cursor).
    moment, number = bindparam("moment"), bindparam("number")
    if direction == "newer":
        return query.where(
            Article.published_at >= moment, (Article.published_at > moment) | (Article.id >= number)
        ).order_by(Article.published_at, Article.id)
    if direction == "older":
        query = query.where((Article.published_at < moment) | (Article.id <= number))
    return query.order_by(Article.published_at.desc(), Article.id.desc())


def requested_listing(category_slug: str | None = None) -> Listing | None:
    """The page of published articles (of the category at ``category_slug``, if
    given) this request asks for.

    Returns None for a "newer" page that reaches the newest article: the
    caller sends the reader to the first page, which shows those.

    :raise 404: for a malformed cursor, or both ``before`` and ``after``.
    """
    args = query_values()
    before, after = args.get("before"), args.get("after")
    if before and after:
        abort(404)
    per_page = current_app.config["ARTICLES_PER_PAGE"]
    params = {"limit": per_page + 1, "upper": utcnow(), "category_slug": category_slug}
    direction = "newer" if after else "older" if before else "first"
    if before or after:
        # One more: the cursor's own article comes first.
        params["limit"] += 1
        params["moment"], params["number"] = parse_cursor(before or after)
    if before:
        # One upper bound, so the index is read from exactly where the page starts.
        params["upper"] = min(params["upper"], params["moment"])
    rows = reading_connection().execute(listing_statement(direction, category_slug is not None), params).all()
    found = [ArticleSummary(*row[:6], CategoryLink(row[6], row[7])) for row in rows]
    category = ListedCategory(*rows[0][6:]) if category_slug and rows else None
    if before or after:
        found = past_the_cursor(found, before or after, params["moment"], params["number"])
    if after:
        if len(found) <= per_page:
            return None
        shown = found[:per_page][::-1]
        return Listing(shown, cursor_for(shown[0]), cursor_for(shown[-1]), category)
    shown = found[:per_page]
    newer = cursor_for(shown[0]) if before and shown else None
    older = cursor_for(shown[-1]) if len(found) > per_page else None
    return Listing(shown, newer, older, category)


def cursor_before_page(category_id: int | None = None) -> str | None:
    """For a numbered address (``?page=N``), the cursor that starts page N.

    Numbered pages are what readers bookmark and what the first version of the
    blog linked to; they keep working by pointing at the keyset page they stand
    for. Returns None for page 1.

    :raise 404: for a malformed number, or a page past the last article.
    """
    number = requested_page()
    if number == 1:
        return None
    per_page = current_app.config["ARTICLES_PER_PAGE"]
    query = (
        select(Article.published_at, Article.id)
        .where(Article.status == ArticleStatus.PUBLISHED, Article.published_at <= utcnow())
        .order_by(Article.published_at.desc(), Article.id.desc())
        # The previous page's last article, and the first one of this page.
        .offset((number - 1) * per_page - 1)
        .limit(2)
    )
    if category_id is not None:
        query = query.where(Article.category_id == category_id)
    rows = db.session.execute(query).all()
    if len(rows) < 2:
        abort(404)
    return _cursor(*rows[0])
