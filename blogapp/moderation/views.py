"""The moderation queue at /moderation/: tabs, actions, editing, replies, the log."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..comments.reports import report_counts
from ..extensions import db
from ..storage.models import Comment, CommentStatus, Role
from ..web.access import roles_required
from ..web.errors import render_error
from ..web.pagination import requested_page
from .actions import ACTIONS, TAB_ACTIONS, Action, apply, edit_text, publish_reply
from .banning import active_bans, ban_of
from .forms import ActionForm, EditForm, ReplyForm, sorted_by
from .queries import SORTS, TABS, audit_entries, comments_by_id, comments_in_tab, pending_count, tab_counts

bp = Blueprint("queue", __name__, url_prefix="/moderation")

moderators_only = roles_required(Role.MODERATOR)
BAD_ACTION = "That action or selection was not understood, so nothing was changed."
REPLYABLE = frozenset({CommentStatus.PENDING, CommentStatus.APPROVED})


@bp.app_context_processor
def pending_badge() -> dict:
    """The header badge: signed-in moderators see how many comments wait."""
    if current_user.is_authenticated and current_user.has_role(Role.MODERATOR):
        return {"pending_comments": pending_count()}
    return {}


@bp.get("/")
@moderators_only
def index():
    """One tab of the queue, newest first."""
    tab = request.args.get("tab", "pending")
    sort = request.args.get("sort", "")
    if tab not in TABS or sort not in SORTS:
        abort(404)
    page = comments_in_tab(tab, requested_page(), sort)
    if page.page > 1 and page.page > page.pages:
        # The last page emptied (e.g. all approved): show the new last page.
        return redirect(url_for(".index", tab=tab, page=max(page.pages, 1), **sorted_by(sort)))
    form = ActionForm(tab=tab, page=str(page.page), sort=sort)
    return render_template(
        "queue/index.html", tab=tab, sort=sort, page=page, counts=tab_counts(), form=form,
        actions=[ACTIONS[name] for name in TAB_ACTIONS[tab]],
        bans=active_bans(), ban_of=ban_of, reports=report_counts([comment.id for comment in page.items]),
    )


def _report(action: Action, done: int, skipped: int) -> None:
    noun = "comment" if done == 1 else "comments"
    flash(f"{done} {noun} {action.done}.", "success")
    if skipped:
        flash(f"{skipped} skipped: their status does not allow “{action.label}”.", "error")


@bp.post("/bulk")
@moderators_only
def bulk():
    """Apply one action to every ticked comment."""
    form = ActionForm()
    action = ACTIONS.get(form.action.data or "")
    if not form.validate() or action is None:
        return render_error(400, BAD_ACTION)
    if not form.ids.data:
        flash("No comments were selected, so nothing changed.", "error")
    else:
        done, skipped = apply(action, comments_by_id(form.ids.data), current_user)
        db.session.commit()
        _report(action, done, skipped)
    return redirect(url_for(".index", **form.return_to()), code=303)


@bp.post("/comments/<int:comment_id>/<action_name>")
@moderators_only
def act(comment_id: int, action_name: str):
    """Apply one action to one comment."""
    action = ACTIONS.get(action_name) or abort(404)
    comment = db.get_or_404(Comment, comment_id)
    form = ActionForm()
    if not form.validate():
        return render_error(400, BAD_ACTION)
    done, skipped = apply(action, [comment], current_user)
    db.session.commit()
    _report(action, done, skipped)
    return redirect(url_for(".index", **form.return_to()), code=303)


def _render_comment(comment: Comment, edit: EditForm, reply: ReplyForm, status: int = 200):
    html = render_template(
        "queue/comment.html", comment=comment, edit=edit, reply=reply, can_reply=comment.status in REPLYABLE
    )
    return html, status


@bp.get("/comments/<int:comment_id>/")
@moderators_only
def comment(comment_id: int):
    """One comment with forms to edit it and to reply."""
    comment = db.get_or_404(Comment, comment_id)
    back = {"tab": request.args.get("tab", "pending"), "page": request.args.get("page", "1")}
    edit = EditForm(prefix="edit", body=comment.body_raw, **back)
    reply = ReplyForm(prefix="reply", **back)
    return _render_comment(comment, edit, reply)


@bp.post("/comments/<int:comment_id>/edit")
@moderators_only
def edit(comment_id: int):
    """Save a moderator's correction of a comment's text."""
    comment = db.get_or_404(Comment, comment_id)
    form = EditForm(prefix="edit")
    if not form.validate():
        return _render_comment(comment, form, ReplyForm(prefix="reply", formdata=None), status=400)
    edit_text(comment, form.body.data, current_user)
    db.session.commit()
    flash("The comment’s text was saved.", "success")
    return redirect(url_for(".index", **form.return_to()), code=303)


@bp.post("/comments/<int:comment_id>/reply")
@moderators_only
def reply(comment_id: int):
    """Publish a moderator's reply beneath a comment."""
    parent = db.get_or_404(Comment, comment_id)
    form = ReplyForm(prefix="reply")
    valid = form.validate()
    if parent.status not in REPLYABLE:
        form.form_errors.append("Only pending or approved comments can be answered.")
    if form.form_errors or not valid:
        edit = EditForm(prefix="edit", formdata=None, body=parent.body_raw)
        return _render_comment(parent, edit, form, status=400)
    was_pending = parent.status == CommentStatus.PENDING
    publish_reply(parent, form.body.data, current_user, current_app.config["COMMENT_THREAD_DEPTH"])
    db.session.commit()
    flash("Your reply is published." + (" The comment was approved too." if was_pending else ""), "success")
    return redirect(url_for(".index", **form.return_to()), code=303)


@bp.get("/log/")
@roles_required(Role.ADMIN)
def log():
    """The audit log of moderation actions (admins only)."""
    return render_template("queue/log.html", page=audit_entries(requested_page()))
