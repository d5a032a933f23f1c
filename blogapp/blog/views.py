"""The reader's pages."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from ..comments.forms import CommentForm, prepare_comment_form
from ..comments.posting import accepting_comments
from ..comments.queries import build_threads, comments_for_reader
from ..extensions import db
from ..models import Article, Category
from ..pagination import requested_page
from ..slugs import moved_to

bp = Blueprint("blog", __name__)


def _paginate(query):
    return db.paginate(
        query, page=requested_page(), per_page=current_app.config["ARTICLES_PER_PAGE"], error_out=True
    )


@bp.get("/")
def index():
    """The latest published articles."""
    page = _paginate(Article.published())
    return render_template("blog/index.html", page=page)


@bp.get("/category/<slug>/")
def category(slug: str):
    """One category's published articles."""
    category = db.session.scalar(db.select(Category).filter_by(slug=slug))
    if category is None:
        return redirect_if_moved(Category, slug, "blog.category", **request.args)
    page = _paginate(Article.published().where(Article.category_id == category.id))
    return render_template("blog/category.html", category=category, page=page)


def get_published_article(slug: str) -> Article:
    """The published article at ``slug``.

    :raise 404: for unknown slugs, drafts and articles scheduled for later.
    """
    article = db.one_or_404(db.select(Article).filter_by(slug=slug))
    if not article.is_published:
        abort(404)
    return article


def redirect_if_moved(model: type[Article] | type[Category], slug: str, endpoint: str, **values):
    """A permanent redirect to the new address of what had ``slug`` before.

    :raise 404: when nothing had that slug, or the article is not public.
    """
    target = moved_to(model, slug)
    if target is None or (isinstance(target, Article) and not target.is_published):
        abort(404)
    return redirect(url_for(endpoint, slug=target.slug, **values), code=301)


@bp.get("/articles/<slug>/")
def article(slug: str):
    """An article with its approved comments and the comment form.

    ``?reply_to=ID`` turns the form into a reply to comment ID (no JavaScript).
    """
    if db.session.scalar(db.select(Article.id).filter_by(slug=slug)) is None:
        return redirect_if_moved(Article, slug, "blog.article")
    form = CommentForm()
    form.reply_to.data = request.args.get("reply_to", "")
    return render_article(get_published_article(slug), form)


def render_article(article: Article, form: CommentForm, status: int = 200, preview: bool = False):
    """The article page; the comment view re-renders it with form errors.

    The desk's preview shows an unsaved article: it has no comments yet.
    """
    comments, own_pending = ([], set()) if preview else comments_for_reader(article)
    replying_to = prepare_comment_form(form, comments)
    html = render_template(
        "blog/article.html",
        article=article,
        threads=build_threads(comments, current_app.config["COMMENT_THREAD_DEPTH"]),
        own_pending=own_pending,
        approved_count=len(comments) - len(own_pending),
        comments_open=accepting_comments(article),
        replying_to=replying_to,
        form=form,
        preview=preview,
    )
    return html, status
