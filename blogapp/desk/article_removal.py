"""Editors take an article down: unpublish it (back to a draft), or delete it with its comments.

Deleting asks first, on a page that says what goes with it. The article's
old slugs go with it too (their rows cascade), so an old address never
redirects to whatever takes its place later; the address answers 404, or
the new article once one takes the slug. Both actions are in the audit log.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db
from ..storage.models import Article, ArticleStatus, AuditEntry, Comment, Role
from ..web.access import roles_required

bp = Blueprint("article_removal", __name__, url_prefix="/desk/articles")


@bp.before_request
@roles_required(Role.EDITOR)
def editors_only():
    """Every page here is for editors and admins."""


def _log(action: str, article: Article, detail: str) -> None:
    user = current_user._get_current_object()
    db.session.add(AuditEntry(user_id=user.id, username=user.username, action=action, comment_id=None,
                              detail=f"article {article.id} “{article.title}”{detail}"[:300]))


def _comment_count(article: Article) -> int:
    return db.session.scalar(select(func.count(Comment.id)).where(Comment.article_id == article.id))


@bp.post("/<int:article_id>/unpublish")
def unpublish(article_id: int):
    """Take a published or scheduled article off the blog; it stays, as a draft."""
    article = db.get_or_404(Article, article_id)
    if article.status == ArticleStatus.PUBLISHED:
        article.status = ArticleStatus.DRAFT
        _log("unpublish", article, "")
        db.session.commit()
        flash(f"“{article.title}” is a draft now: readers no longer see it.", "success")
    else:
        flash(f"“{article.title}” was a draft already.", "success")
    return redirect(url_for("desk.edit", article_id=article.id), code=303)


@bp.route("/<int:article_id>/delete", methods=["GET", "POST"])
def delete(article_id: int):
    """Ask first (GET), then delete the article, its comments and its old addresses, for good."""
    article = db.get_or_404(Article, article_id)
    comments = _comment_count(article)
    if request.method == "GET":
        return render_template("desk/delete_article.html", article=article, comments=comments)
    _log("article-delete", article, f", slug {article.slug}, with {comments} comment(s)")
    db.session.delete(article)
    db.session.commit()
    flash(f"Deleted “{article.title}” and its {comments} comment(s).", "success")
    return redirect(url_for("desk.index"), code=303)
