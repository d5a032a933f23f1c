"""Readers report a published comment: a POST form under each one, no JavaScript, no account.

Article pages are shared and cached, so the button carries nothing of the
reader's: the Origin/Sec-Fetch-Site check (web/forgery.py) refuses a form
sent from another site, and the client hash makes it one report per reader
per comment. Reports are rate-limited per client address.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for

from ..comments.privacy import client_hash
from ..comments.queries import page_of
from ..comments.reports import Reported, report
from ..extensions import db
from ..storage.models import Comment, CommentStatus
from ..web.errors import render_error, too_many_requests
from ..web.quotas import Quota, take

bp = Blueprint("reports", __name__)

REPORTS = Quota("reports", "COMMENT_REPORT_RATE_LIMIT")
THANKS = {
    Reported.COUNTED: "Thank you: your report was sent to the moderators.",
    Reported.ALREADY: "You have already reported this comment; the moderators have your report.",
    Reported.HIDDEN: "Thank you: this comment is hidden until a moderator looks at it.",
}


@bp.post("/comments/<int:comment_id>/report")
def report_comment(comment_id: int):
    """Count a reader's report of a published comment (Post/Redirect/Get)."""
    comment = db.session.get(Comment, comment_id, with_for_update=True)
    if comment is None or comment.status != CommentStatus.APPROVED or not comment.article.is_published:
        abort(404)
    who = client_hash(request.remote_addr, current_app.config["SECRET_KEY"])
    if not who:
        return render_error(400, "Your report could not be counted: the request has no client address.")
    wait = take(REPORTS, request.remote_addr)
    if wait:
        return too_many_requests(wait)
    slug, page = comment.article.slug, page_of(comment)
    outcome = report(comment, who, current_app.config["COMMENT_REPORTS_TO_HIDE"])
    db.session.commit()
    flash(THANKS[outcome], "success")
    anchor = "comments" if outcome == Reported.HIDDEN else f"comment-{comment_id}"
    return redirect(url_for("blog.article", slug=slug, page=page if page > 1 else None, _anchor=anchor), code=303)
