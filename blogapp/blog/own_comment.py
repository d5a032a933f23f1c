"""A comment's private page: its author sees what became of it, edits it for a while, or deletes it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from ..comments.author_forms import DeleteCommentForm, EditCommentForm
from ..comments.authoring import can_edit, delete_by_author, edit_by_author, edit_deadline
from ..comments.policy import DEFAULT_REASON
from ..comments.private_links import comment_id_from, private_url
from ..comments.queries import page_of
from ..extensions import db
from ..moderation.notify import notify_moderators
from ..storage.models import Comment, CommentStatus

bp = Blueprint("own_comment", __name__, url_prefix="/comments")


def _comment(token: str) -> Comment:
    """The comment ``token`` opens.

    :raise 404: for a forged or malformed token, and for a comment deleted since.
    """
    comment_id = comment_id_from(token)
    comment = db.session.get(Comment, comment_id) if comment_id is not None else None
    if comment is None:
        abort(404)
    return comment


def _private(response_body, status: int = 200):
    """No cache keeps it, and no link on it tells another site its address."""
    return response_body, status, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _page(comment: Comment, token: str, edit_form: EditCommentForm | None = None, status: int = 200):
    published_at = None
    if comment.status == CommentStatus.APPROVED:
        page = page_of(comment)
        published_at = url_for("blog.article", slug=comment.article.slug, page=page if page > 1 else None,
                               _anchor=f"comment-{comment.id}")
    edit_form = edit_form or EditCommentForm(body=comment.body_raw)
    # The plain "every comment waits" needs no explaining; a rule that held this one does.
    held_because = comment.held_reason if comment.held_reason != DEFAULT_REASON else ""
    html = render_template("comments/private.html", comment=comment, token=token, published_at=published_at,
                           held_because=held_because,
                           editable=can_edit(comment), edit_until=edit_deadline(comment),
                           edit_form=edit_form, delete_form=DeleteCommentForm())
    return _private(html, status)


@bp.get("/<token>/")
def show(token: str):
    """The comment, its state in plain words, and what its author may still do."""
    return _page(_comment(token), token)


@bp.post("/<token>/edit")
def edit(token: str):
    """Save the author's new text, moderated again (Post/Redirect/Get)."""
    comment = _comment(token)
    if not can_edit(comment):
        flash("The time for editing this comment is over; you can still delete it.", "error")
        return redirect(private_url(comment.id), code=303)
    form = EditCommentForm()
    if not form.validate():
        return _page(comment, token, form, status=400)
    was_approved = comment.status == CommentStatus.APPROVED
    edit_by_author(comment, form.body.data)
    if was_approved and comment.status == CommentStatus.PENDING:
        notify_moderators(comment)  # held again: the moderators hear of it, as of a new one
    db.session.commit()
    if comment.status == CommentStatus.APPROVED:
        flash("Your comment is saved and still published.", "success")
    elif was_approved:
        flash("Your comment is saved. It now waits for a moderator again, so it is not shown until approved.",
              "success")
    else:
        flash("Your comment is saved.", "success")
    return redirect(private_url(comment.id), code=303)


@bp.post("/<token>/delete")
def delete(token: str):
    """Remove the comment from the article, the queue, the feeds and search."""
    comment = _comment(token)
    delete_by_author(comment)
    db.session.commit()
    flash("Your comment is deleted. This address no longer opens anything.", "success")
    return redirect(url_for("blog.index"), code=303)
