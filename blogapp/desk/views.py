"""The editor's desk: list, write, preview and save articles."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from ..blog.article_page import render_article
from ..comments.forms import CommentForm
from ..extensions import db
from ..storage.models import Article, Category, Role
from ..storage.slugs import requested_slug, save_unless_taken
from ..web.access import roles_required
from ..web.errors import render_error
from ..web.pagination import requested_page
from ..web.routing import is_id
from .forms import ArticleForm
from .queries import STATUS_FILTERS, comment_counts, desk_articles
from .saving import fill_article, form_data, preview_article, status_of

bp = Blueprint("desk", __name__, url_prefix="/desk")

CONFLICT_MESSAGE = (
    "Someone else saved this article while you were editing it. Your text is still below; "
    "open the article in a new tab to see their version. Saving again replaces their changes with yours."
)


@bp.before_request
@roles_required(Role.EDITOR)
def editors_only():
    """Every desk page is for editors and admins."""


def _category_choices() -> list[SelectChoice]:
    return [SelectChoice(c.id, c.name) for c in db.session.scalars(select(Category).order_by(Category.name))]


def _filters() -> tuple[str | None, int | None]:
    status = request.args.get("status") or None
    category = request.args.get("category") or None
    if (status and status not in STATUS_FILTERS) or (category and not is_id(category)):
        abort(400)
    return status, int(category) if category else None


@bp.get("/")
def index():
    """Every article, filtered by status and category, most recently changed first."""
    status, category_id = _filters()
    page = db.paginate(
        desk_articles(status, category_id),
        page=requested_page(),
        per_page=current_app.config["DESK_ARTICLES_PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "desk/index.html",
        page=page,
        counts=comment_counts([a.id for a in page.items]),
        status_of=status_of,
        categories=_category_choices(),
        status=status,
        category_id=category_id,
    )


def _render_form(form: ArticleForm, article: Article | None, status: int = 200, conflict: bool = False):
    html = render_template("desk/edit.html", form=form, article=article, conflict=conflict)
    return html, status


def _save(form: ArticleForm, article: Article):
    """Validate, save and redirect, or show the form again with what went wrong."""
    form.category.choices = _category_choices()
    if not form.validate_on_submit():
        return _render_form(form, article if article.id else None, 400)
    slug, problem = requested_slug(Article, form.slug.data, form.title.data, article.id)
    if problem:
        form.slug.errors.append(problem)
        return _render_form(form, article if article.id else None, 400)
    if article.id is not None and form.started_from != article.version:
        return _conflict(form, article)
    fill_article(article, form, slug)
    db.session.add(article)
    try:
        slug_problem, form_problem = save_unless_taken(Article, slug, article.id)
    except StaleDataError:
        db.session.rollback()
        return _conflict(form, db.get_or_404(Article, article.id))
    if slug_problem or form_problem:
        (form.slug.errors if slug_problem else form.form_errors).append(slug_problem or form_problem)
        return _render_form(form, article if article.id else None, 409)
    flash(f"Saved “{article.title}” ({status_of(article)}).", "success")
    return redirect(url_for("desk.edit", article_id=article.id), code=303)


def _conflict(form: ArticleForm, article: Article):
    """Keep the editor's text; from now on the form starts from the newer version."""
    form.version.data = str(article.version)
    form.form_errors.append(CONFLICT_MESSAGE)
    return _render_form(form, article, 409, conflict=True)


@bp.route("/articles/new", methods=["GET", "POST"])
def new():
    """Write a new article."""
    if request.method == "POST":
        return _save(ArticleForm(), Article())
    form = ArticleForm(data={"status": "draft", "comments_open": True})
    form.category.choices = _category_choices()
    if not form.category.choices:
        flash("Create a category first: every article belongs to one.", "error")
    return _render_form(form, None)


@bp.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
def edit(article_id: int):
    """Change a saved article."""
    article = db.get_or_404(Article, article_id)
    if request.method == "POST":
        return _save(ArticleForm(), article)
    form = ArticleForm(data=form_data(article))
    form.category.choices = _category_choices()
    return _render_form(form, article)


@bp.post("/preview")
def preview():
    """The reader's page for the form as it stands, without saving anything."""
    form = ArticleForm()
    form.category.choices = _category_choices()
    if not form.validate():
        problems = "; ".join(f"{form[name].label.text}: {' '.join(errors)}" for name, errors in form.errors.items())
        return render_error(400, f"The preview could not be made. {problems}")
    article = preview_article(form)
    html, status = render_article(article, CommentForm(), preview=True)
    db.session.rollback()
    return html, status
