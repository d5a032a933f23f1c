"""Mail to moderators about comments waiting for them (off unless configured).

The mail goes to the outbox in the comment's own transaction and is sent
later by ``flask outbox send``: no request waits for SMTP, and a mail that
cannot even be written is logged and never loses or blocks the comment.
"""

from __future__ import annotations

from email.message import EmailMessage

from flask import current_app

from ..mail.outbox import enqueue
from ..storage.models import Comment
from ..text.plaintext import fold_line_breaks
from ..web.addresses import absolute_url_for

EXCERPT_LENGTH = 500


def notifications_enabled() -> bool:
    config = current_app.config
    return bool(config["MAIL_SERVER"] and config["MODERATOR_EMAILS"])


def held_comment_message(comment: Comment) -> EmailMessage:
    """The mail telling moderators that ``comment`` waits in the queue."""
    config = current_app.config
    message = EmailMessage()
    # A header holds one line (a line break raises): titles stored before that rule may have one.
    message["Subject"] = fold_line_breaks(f"[{config['SITE_NAME']}] Comment waiting on “{comment.article.title}”")
    message["From"] = config["MAIL_SENDER"]
    message["To"] = ", ".join(config["MODERATOR_EMAILS"])
    excerpt = comment.body_raw[:EXCERPT_LENGTH]
    message.set_content(
        f"{comment.author_name} commented on “{comment.article.title}”.\n"
        f"Held because: {comment.held_reason}\n\n{excerpt}\n\n"
        f"Review it in the moderation queue:\n{absolute_url_for('queue.index')}\n"
    )
    return message


def notify_moderators(comment: Comment) -> bool:
    """Put mail to the moderators about a newly held comment in the outbox; True when it is there.

    Call it before the comment's transaction commits: the mail is stored with it.
    """
    if not notifications_enabled():
        return False
    # Whatever stops the mail being written (a header that cannot be one
    # raises ValueError) is logged, never a 500, and the comment is kept.
    try:
        enqueue(held_comment_message(comment), "held-comment")
    except Exception:
        current_app.logger.exception("Could not write mail to moderators about comment %s", comment.id)
        return False
    return True
