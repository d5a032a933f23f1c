"""The block lists at /moderation/blocklist/: moderators add and remove entries, and lift bans.

Every change goes to the audit log. The lists are read at every decision
(comments/blocklists.py), so a change counts at once on every worker.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..comments.blocklists import find_entry, normal_entry, seed_from_config
from ..extensions import db
from ..storage.models import Ban, BlockEntry, BlockKind, Comment, Role
from ..web.access import roles_required
from ..web.errors import render_error
from .actions import record
from .banning import CannotBan, active_bans, ban_author, lift_ban
from .blocklist_forms import KIND_LABELS, BlockEntryForm, LiftForm, RemoveForm
from .forms import ActionForm

bp = Blueprint("blocklist", __name__, url_prefix="/moderation")
BAD_FORM = "That form was not understood, so nothing was changed."


@bp.before_request
@roles_required(Role.MODERATOR)
def moderators_only():
    """Every page here is for moderators and admins."""


def _page(form: BlockEntryForm, status: int = 200):
    seed_from_config()
    db.session.commit()
    entries = db.session.scalars(select(BlockEntry).order_by(BlockEntry.kind, BlockEntry.value)).all()
    by_kind = {kind: [entry for entry in entries if entry.kind == kind] for kind in BlockKind}
    html = render_template("queue/blocklist.html", form=form, by_kind=by_kind, labels=KIND_LABELS,
                           bans=active_bans(), remove=RemoveForm(), lift=LiftForm())
    return html, status


@bp.get("/blocklist/")
def index():
    """Every block list, the form to add to them, and the bans in force."""
    return _page(BlockEntryForm())


@bp.post("/blocklist/add")
def add():
    """Add an entry to a block list."""
    form = BlockEntryForm()
    if not form.validate():
        return _page(form, 400)
    kind, value = normal_entry(BlockKind(form.kind.data), form.value.data)
    if find_entry(kind, value) is not None:
        form.value.errors.append(f"“{value}” is already on the list.")
        return _page(form, 409)
    db.session.add(BlockEntry(kind=kind, value=value, note=f"added by {current_user.username}"))
    record(current_user, "block", None, f"added {kind.value} “{value}”"[:300])
    db.session.commit()
    flash(f"“{value}” is blocked from now on.", "success")
    return redirect(url_for(".index"), code=303)


@bp.post("/blocklist/<int:entry_id>/remove")
def remove(entry_id: int):
    """Remove an entry from a block list."""
    entry = db.get_or_404(BlockEntry, entry_id)
    if not RemoveForm().validate():
        return render_error(400, BAD_FORM)
    value = entry.value
    record(current_user, "unblock", None, f"removed {entry.kind.value} “{value}”"[:300])
    db.session.delete(entry)
    db.session.commit()
    flash(f"“{value}” is no longer blocked.", "success")
    return redirect(url_for(".index"), code=303)


@bp.post("/comments/<int:comment_id>/ban")
def ban(comment_id: int):
    """Ban a comment's author: block their email and client, and send all their comments to spam."""
    comment = db.get_or_404(Comment, comment_id)
    form = ActionForm()
    if not form.validate():
        return render_error(400, BAD_FORM)
    try:
        _, moved = ban_author(comment, current_user)
    except CannotBan as refused:
        return render_error(400, str(refused))
    db.session.commit()
    flash(f"Banned: their email address and client are blocked, {moved} comment{'' if moved == 1 else 's'} "
          "moved to spam.", "success")
    return redirect(url_for("queue.index", **form.return_to()), code=303)


@bp.post("/bans/<int:ban_id>/lift")
def lift(ban_id: int):
    """Lift a ban: its entries go and its comments come back from spam."""
    ban = db.get_or_404(Ban, ban_id)
    form = LiftForm()
    if not form.validate():
        return render_error(400, BAD_FORM)
    if ban.lifted_at is not None:
        flash("That ban was already lifted; nothing changed.", "error")
    else:
        back = lift_ban(ban, current_user)
        db.session.commit()
        flash(f"Ban lifted: {back} comment{'' if back == 1 else 's'} back where {'it' if back == 1 else 'they'} "
              "were.", "success")
    if form.back.data == "queue":
        return redirect(url_for("queue.index", **form.return_to()), code=303)
    return redirect(url_for(".index"), code=303)
