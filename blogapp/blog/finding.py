"""Finding what a reader's address names: an article, a category, or where it moved.

Shared by the reader's pages, the comment form's post, the desk's preview and the feeds.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import NamedTuple

from flask import abort, redirect, url_for
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..storage.models import Article, ArticleStatus, Category, User, utcnow
from ..storage.reading import reading_connection
from ..storage.slugs import moved_to
from ..web.pagination import page_values
from .listing import CategoryLink

# The query parameters that choose a page: the cache keys on them, a redirect keeps them.
LISTING_PARAMS = ("before", "after", "page")
ARTICLE_PARAMS = ("page",)


class AuthorName(NamedTuple):
    username: str


class ArticleOnPage(NamedTuple):
    """What the reader's page shows of an article, read as one plain row: no ORM object to build.

    Named as Article's attributes are, so the page renders either: the
    comment post's page with errors and the desk's preview pass an Article.
    """

    id: int
    title: str
    slug: str
    summary: str
    body_html: str
    published_at: datetime | None
    updated_at: datetime
    comments_open: bool
    approved_comments: int
    comment_threads: int
    is_published: bool
    category: CategoryLink
    author: AuthorName | None
    # Its category's own age limit for comments (None: the global one).
    close_after_days: int | None = None


@functools.cache
def _article_on_page():
    # Built once: building the statement costs more than running it.
    # Article.published(): what readers may see now.
    published = (Article.status == ArticleStatus.PUBLISHED) & (Article.published_at <= bindparam("now"))
    return (
        select(Article.id, Article.title, Article.slug, Article.summary, Article.body_html, Article.published_at,
               Article.updated_at, Article.comments_open, Article.approved_comments, Article.comment_threads,
               published.label("is_published"), Category.name, Category.slug, User.username,
               Category.comments_close_after_days)
        .join(Category, Category.id == Article.category_id)
        .outerjoin(User, User.id == Article.author_id)
        .where(Article.slug == bindparam("slug"))
    )


@functools.cache
def _article_by_slug():
    # Built once: building the statement costs more than running it.
    return (
        select(Article)
        .where(Article.slug == bindparam("slug"))
        .options(joinedload(Article.category), joinedload(Article.author))
    )


@functools.cache
def _category_by_slug():
    return select(Category.id, Category.name, Category.slug, Category.description).where(
        Category.slug == bindparam("slug")
    )


def find_category(slug: str):
    """The category at ``slug`` as a plain row (id, name, slug, description), for reading only."""
    return reading_connection().execute(_category_by_slug(), {"slug": slug}).first()


def find_article(slug: str) -> Article | None:
    """The article at ``slug`` with what its page shows, in one statement."""
    return db.session.scalar(_article_by_slug(), {"slug": slug})


def read_article(slug: str) -> ArticleOnPage | None:
    """The article at ``slug`` as its reader's page shows it, in one statement on the
    request's reading connection (storage/reading.py), where its comments are read too.

    Through the session, an Article with its category and author costs more
    than the page's two statements together.
    """
    row = reading_connection().execute(_article_on_page(), {"slug": slug, "now": utcnow()}).first()
    if row is None:
        return None
    author = AuthorName(row.username) if row.username is not None else None
    return ArticleOnPage(*row[:10], bool(row.is_published), CategoryLink(row[11], row[12]), author,
                         row.comments_close_after_days)


def get_published_article(slug: str) -> Article:
    """The published article at ``slug``.

    :raise 404: for unknown slugs, drafts and articles scheduled for later.
    """
    article = find_article(slug)
    if article is None or not article.is_published:
        abort(404)
    return article


def redirect_if_moved(model: type[Article] | type[Category], slug: str, endpoint: str, params: tuple[str, ...] = ()):
    """A permanent redirect to the new address of what had ``slug`` before,
    keeping the query parameters among ``params`` (the page's own) and no other.

    :raise 404: when nothing had that slug, or the article is not public.
    """
    target = moved_to(model, slug)
    if target is None or (isinstance(target, Article) and not target.is_published):
        abort(404)
    return redirect(url_for(endpoint, slug=target.slug, **page_values(params)), code=301)
