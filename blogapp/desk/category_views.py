"""Editors manage categories: create, rename, describe, and delete the empty ones."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import func, select

from ..extensions import db
from ..storage.models import Article, Category, Premoderation, Role
from ..storage.slugs import change_slug, requested_slug, save_unless_taken
from ..web.access import roles_required
from .category_forms import CategoryForm

bp = Blueprint("categories", __name__, url_prefix="/desk/categories")


@bp.before_request
@roles_required(Role.EDITOR)
def editors_only():
    """Every page here is for editors and admins."""


def _listing(status: int = 200, problem: str | None = None):
    rows = db.session.execute(
        select(Category, func.count(Article.id))
        .outerjoin(Article, Article.category_id == Category.id)
        .group_by(Category.id)
        .order_by(Category.name)
    ).all()
    return render_template("categories/index.html", rows=rows, problem=problem), status


@bp.get("/")
def index():
    """Every category with its number of articles."""
    return _listing()


def _save(form: CategoryForm, category: Category):
    slug = None
    if form.validate_on_submit():
        slug, problem = requested_slug(Category, form.slug.data, form.name.data, category.id)
        if problem:
            form.slug.errors.append(problem)
    if slug is None:
        html = render_template("categories/edit.html", form=form, category=category if category.id else None)
        return html, 400
    change_slug(category, slug, keep_old=True)
    category.name = form.name.data.strip()
    category.description = (form.description.data or "").strip()
    category.premoderation = Premoderation(form.premoderation.data)
    category.comments_close_after_days = form.comments_close_after_days.data
    category.comment_max_links = form.comment_max_links.data
    db.session.add(category)
    slug_problem, form_problem = save_unless_taken(Category, slug, category.id)
    if slug_problem or form_problem:
        (form.slug.errors if slug_problem else form.form_errors).append(slug_problem or form_problem)
        html = render_template("categories/edit.html", form=form, category=category if category.id else None)
        return html, 409
    flash(f"Saved the category “{category.name}”.", "success")
    return redirect(url_for("categories.index"), code=303)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Create a category."""
    form = CategoryForm()
    if form.is_submitted():
        return _save(form, Category())
    return render_template("categories/edit.html", form=form, category=None)


@bp.route("/<int:category_id>/edit", methods=["GET", "POST"])
def edit(category_id: int):
    """Rename or describe a category."""
    category = db.get_or_404(Category, category_id)
    form = CategoryForm(obj=category)
    if form.is_submitted():
        return _save(form, category)
    return render_template("categories/edit.html", form=form, category=category)


@bp.post("/<int:category_id>/delete")
def delete(category_id: int):
    """Delete a category, only when no article belongs to it."""
    category = db.get_or_404(Category, category_id)
    count = db.session.scalar(select(func.count(Article.id)).where(Article.category_id == category.id))
    if count:
        return _listing(
            409,
            f"“{category.name}” still has {count} article{'' if count == 1 else 's'}. "
            "Move them to another category first; nothing was deleted.",
        )
    db.session.delete(category)
    db.session.commit()
    flash(f"Deleted the category “{category.name}”.", "success")
    return redirect(url_for("categories.index"), code=303)
