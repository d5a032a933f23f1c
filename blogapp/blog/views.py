"""The reader's pages."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from ..comments.forms import CommentForm
from ..comments.ownership import own_comment_keys
from ..pagecache.shared import keep_out_of_cache, shared_page
from ..pagecache.tags import HOME, article_tag, category_tag, shows, shows_articles
from ..storage.models import Article, Category
from ..web.pagination import page_number_as_linked
from .article_page import render_article
from .cards import article_cards
from .finding import ARTICLE_PARAMS, LISTING_PARAMS, find_category, read_article, redirect_if_moved
from .listing import cursor_before_page, requested_listing

bp = Blueprint("blog", __name__)


@bp.get("/")
@shared_page(params=LISTING_PARAMS)
def index():
    """The latest published articles."""
    if "page" in request.args:
        return redirect(url_for(".index", before=cursor_before_page()), code=301)
    listing = requested_listing()
    if listing is None:
        return redirect(url_for(".index"))
    shows(HOME)
    shows_articles(article.id for article in listing.articles)
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
    shows(category_tag(category.id))
    shows_articles(article.id for article in listing.articles)
    cards = article_cards(listing.articles)
    return render_template("blog/category.html", category=category, listing=listing, cards=cards)


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
    article = read_article(slug)
    if article is None:
        return redirect_if_moved(Article, slug, "blog.article", ARTICLE_PARAMS)
    if not article.is_published:
        abort(404)
    if not page_number_as_linked():  # ?page=1, ?page=02: the page, but not a new cache entry.
        keep_out_of_cache()
    shows(article_tag(article.id))
    form = CommentForm()
    form.reply_to.data = request.args.get("reply_to", "")
    return render_article(article, form)
