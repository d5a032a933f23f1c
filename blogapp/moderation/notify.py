"""Mail to moderators about comments waiting for them (off unless configured).

The mail goes to the outbox in the comment's own transaction and is sent
later by ``flask outbox send``: no request waits for SMTP, and a mail that
cannot even be written is logged and never loses or blocks the comment.
With MODERATOR_DIGEST_MINUTES set, the comment is noted instead, and the
sender's next digest lists it (digest.py).
"""

from __future__ import annotations

from flask import current_app

from ..extensions import db
from ..mail.outbox import enqueue
from ..storage.models import Comment, HeldNotice
from .notices import held_comment_message, recipients


def notifications_enabled() -> bool:
    """A mail server, and someone to tell: MODERATOR_EMAILS or a moderator with an address."""
    return bool(current_app.config["MAIL_SERVER"] and recipients())


def notify_moderators(comment: Comment) -> bool:
    """Put mail to the moderators about a newly held comment in the outbox (or the digest); True when it is there.

    Call it before the comment's transaction commits: the mail is stored with it.
    """
    if not notifications_enabled():
        return False
    # Whatever stops the mail being written (a header that cannot be one
    # raises ValueError) is logged, never a 500, and the comment is kept.
    try:
        if current_app.config["MODERATOR_DIGEST_MINUTES"] > 0:
            db.session.add(HeldNotice(comment_id=comment.id))
            return True
        messages = [held_comment_message(comment, recipient) for recipient in recipients()]
    except Exception:
        current_app.logger.exception("Could not write mail to moderators about comment %s", comment.id)
        return False
    for message in messages:
        enqueue(message, "held-comment")
    return True
