"""The reader's pages."""

from __future__ import annotations

import functools

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..comments.forms import CommentForm, prepare_comment_form
from ..comments.posting import accepting_comments
from ..comments.ownership import own_comment_keys
from ..comments.queries import CommentPage, build_threads, comment_page
from ..extensions import db
from ..models import Article, Category
from ..pagecache.shared import keep_out_of_cache, shared_page
from ..pagination import page_number_as_linked, page_values, requested_page
from ..reading import reading_connection
from ..slugs import moved_to
from .cards import article_cards
from .listing import cursor_before_page, requested_listing

bp = Blueprint("blog", __name__)
# The query parameters that choose a page: the cache keys on them, a redirect keeps them.
LISTING_PARAMS = ("before", "after", "page")
ARTICLE_PARAMS = ("page",)


@bp.get("/")
@shared_page(params=LISTING_PARAMS)
def index():
    """The latest published articles."""
    if "page" in request.args:
        return redirect(url_for(".index", before=cursor_before_page()), code=301)
    listing = requested_listing()
    if listing is None:
        return redirect(url_for(".index"))
    return render_template("blog/index.html", listing=listing, cards=article_cards(listing.articles))


@bp.get("/category/<slug>/")
@shared_page(params=LISTING_PARAMS)
def category(slug: str):
    """One category's published articles."""
    listing = None if "page" in request.args else requested_listing(slug)
    # A page with articles read its category with them; other pages look it up.
    category = listing.category if listing is not None and listing.category else find_category(slug)
    if category is None:
        return redirect_if_moved(Category, slug, "blog.category", LISTING_PARAMS)
    if "page" in request.args:
        return redirect(url_for(".category", slug=slug, before=cursor_before_page(category.id)), code=301)
    if listing is None:
        return redirect(url_for(".category", slug=slug))
    cards = article_cards(listing.articles)
    return render_template("blog/category.html", category=category, listing=listing, cards=cards)


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


def _reader_specific() -> bool:
    """A reply form, or the reader's own pending comments, make the page theirs alone."""
    return "reply_to" in request.args or bool(own_comment_keys())


@bp.get("/articles/<slug>/")
@shared_page(params=ARTICLE_PARAMS, personal=_reader_specific)
def article(slug: str):
    """An article with a page of its approved comments and the comment form.

    ``?page=N`` shows the Nth page of comment threads; ``?reply_to=ID`` turns
    the form into a reply to comment ID (no JavaScript).
    """
    article = find_article(slug)
    if article is None:
        return redirect_if_moved(Article, slug, "blog.article", ARTICLE_PARAMS)
    if not article.is_published:
        abort(404)
    if not page_number_as_linked():  # ?page=1, ?page=02: the page, but not a new cache entry.
        keep_out_of_cache()
    form = CommentForm()
    form.reply_to.data = request.args.get("reply_to", "")
    return render_article(article, form)


def render_article(article: Article, form: CommentForm, status: int = 200, preview: bool = False):
    """The article page; the comment view re-renders it with form errors.

    The desk's preview shows an unsaved article: it has no comments yet.
    """
    page = CommentPage([], set(), 0, 1, 1) if preview else comment_page(article, requested_page())
    if page is None:
        abort(404)
    replying_to = prepare_comment_form(form, page.comments)
    html = render_template(
        "blog/article.html",
        article=article,
        comments=page,
        threads=build_threads(page.comments, current_app.config["COMMENT_THREAD_DEPTH"]),
        own_pending=page.own_pending,
        comments_open=accepting_comments(article),
        replying_to=replying_to,
        form=form,
        preview=preview,
    )
    return html, status
