"""The pages a moderator's one-time link opens: the comment and one button, without signing in.

No session, no CSRF token: the link is the credential. It is signed for one
comment, one action and one moderator, expires, and is spent by its first
use, so a site that tricked a moderator's browser into posting it would
need the link itself, which only the mail holds; and what it could do then
is exactly what the link offers. A session's CSRF token would add nothing
the link does not already prove, and would make the page depend on a
cookie the moderator's mail client may not share with the browser. The
POST still goes through web/forgery.py's Origin and Sec-Fetch-Site check,
like every anonymous form, and a signed-in moderator's post carries their
CSRF token as every signed-in post does. The GET changes nothing, so mail
scanners that follow links act on nothing.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..extensions import db
from ..storage.models import Comment, CommentStatus, Role, User
from ..web.errors import render_error
from .actions import ACTIONS, apply
from ..comments.moderator_links import LINK_LABELS, LinkClaim, LinkExpired, read_link
from .links import action_since

bp = Blueprint("mod_links", __name__, url_prefix="/moderation/mail")

EXPIRED = ("This moderation link has expired. Links in moderators' mail work for a limited time; "
           "the comment, if it still waits, is in the moderation queue.")
NOT_A_MODERATOR = "This link was made for a moderator account that no longer exists or may no longer moderate."
SOMEONE_ELSE = "This link was mailed to {owner}, and you are signed in as {user}: it can only act as {owner}."
DELETED = "The comment this link was for has been deleted, so there is nothing left to do."


class Refused(Exception):
    """The link cannot act: answered with an error page of ``code`` saying ``message``."""

    def __init__(self, code: int, message: str | None = None):
        super().__init__(message)
        self.code, self.message = code, message


@bp.after_request
def private(response):
    """The address is a credential: no cache keeps the page, no link on it passes the address on."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _claim(token: str) -> LinkClaim:
    """:raise Refused: 404 for a forged, changed or malformed link; 410 for an expired one."""
    try:
        claim = read_link(token)
    except LinkExpired as error:
        raise Refused(410, EXPIRED) from error
    if claim is None:
        raise Refused(404)
    return claim


def _moderator(claim: LinkClaim) -> User:
    """The moderator the link acts as.

    :raise Refused: 403 when that account is gone or lost its role, or another staff member is signed in.
    """
    user = db.session.get(User, claim.user_id)
    if user is None or not user.has_role(Role.MODERATOR):
        raise Refused(403, NOT_A_MODERATOR)
    if current_user.is_authenticated and current_user.id != user.id:
        raise Refused(403, SOMEONE_ELSE.format(owner=user.username, user=current_user.username))
    return user


def _what_happened(comment: Comment, claim: LinkClaim) -> str:
    """Why the link does nothing now, or "" while it still may act."""
    entry = action_since(comment.id, claim.mark)
    if entry is not None:
        who = "you" if entry.user_id == claim.user_id else entry.username
        return (f"This comment was {ACTIONS[entry.action].done} by {who} on "
                f"{entry.created_at:%-d %B %Y at %H:%M} UTC, so this link changes nothing now.")
    if comment.status != CommentStatus.PENDING:
        return f"This comment no longer waits for a moderator (it is {comment.status.value}), so this link changes nothing."
    return ""


def _page(token: str, post: bool = False):
    try:
        claim = _claim(token)
        user = _moderator(claim)
    except Refused as refused:
        return render_error(refused.code, refused.message)
    comment = db.session.get(Comment, claim.comment_id)
    if comment is None:
        return render_error(410, DELETED)
    outcome = _what_happened(comment, claim)
    if outcome or not post:
        html = render_template("queue/link.html", comment=comment, label=LINK_LABELS[claim.action], token=token,
                               outcome=outcome, moderator=user)
        return html, 409 if post else 200
    apply(ACTIONS[claim.action], [comment], user)
    db.session.commit()
    # No flash (it would need a cookie): the page now says what was done, by whom.
    return redirect(url_for(".show", token=token), code=303)


@bp.get("/<token>/")
def show(token: str):
    """The comment and the link's one button, or what became of the comment."""
    return _page(token)


@bp.post("/<token>/act")
def act(token: str):
    """Do what the link says, once, as its moderator (Post/Redirect/Get)."""
    return _page(token, post=True)
