"""Finding what a reader's address names: an article, a category, or where it moved.

Shared by the reader's pages, the comment form's post, the desk's preview and the feeds.
"""

from __future__ import annotations

import functools

from flask import abort, redirect, url_for
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..storage.models import Article, Category
from ..storage.reading import reading_connection
from ..storage.slugs import moved_to
from ..web.pagination import page_values

# The query parameters that choose a page: the cache keys on them, a redirect keeps them.
LISTING_PARAMS = ("before", "after", "page")
ARTICLE_PARAMS = ("page",)

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
