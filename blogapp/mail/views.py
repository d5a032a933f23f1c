"""The admins' outbox page at /admin/outbox/: what waits, what failed and why, what went.

It shows each mail's kind, recipients, subject, tries and last error, never
its text: a moderator's mail holds one-time links that act as that moderator,
and a commenter's holds their private links, so not even admins read them here.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from ..extensions import db
from ..storage.models import OutboxMail, Role, utcnow
from ..web.access import roles_required
from ..web.errors import render_error
from ..web.pagination import requested_page
from .listing import TABS, mails_in_tab, subject_of, tab_counts

bp = Blueprint("outbox_page", __name__, url_prefix="/admin/outbox")

admins_only = roles_required(Role.ADMIN)


@bp.after_request
def private(response):
    """Addresses and errors of mail: no cache, shared or the browser's, keeps them."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


class RetryForm(FlaskForm):
    """Only a button (and the session's CSRF token)."""


@bp.get("/")
@admins_only
def index():
    """One tab of the outbox, paged."""
    tab = request.args.get("tab", "waiting")
    if tab not in TABS:
        abort(404)
    page = mails_in_tab(tab, requested_page())
    if page.page > 1 and page.page > page.pages:
        return redirect(url_for(".index", tab=tab, page=max(page.pages, 1)))
    return render_template("outbox/index.html", tab=tab, page=page, counts=tab_counts(), form=RetryForm(),
                           subject_of=subject_of)


@bp.post("/<int:mail_id>/retry")
@admins_only
def retry(mail_id: int):
    """Make an unsent mail due now; a failed one gets a fresh set of tries (its last error stays shown)."""
    mail = db.get_or_404(OutboxMail, mail_id)
    if not RetryForm().validate():
        return render_error(400, "That request was not understood, so nothing was changed.")
    if mail.sent_at is not None:
        flash(f"Mail {mail.id} was already sent, so it is not sent again.", "error")
        return redirect(url_for(".index", tab="sent"), code=303)
    if mail.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        mail.attempts = 0
    mail.next_attempt_at = utcnow()
    db.session.commit()
    flash(f"Mail {mail.id} will be tried on the sender's next pass.", "success")
    return redirect(url_for(".index", tab="waiting"), code=303)
