"""Mail to moderators about comments waiting for them (off unless configured).

Mail is sent after the comment is committed; a failure is logged and never
loses or blocks the comment. smtplib is loaded by the first mail sent, so a
worker that never sends one does not hold it.
"""

from __future__ import annotations

import ssl
from email.message import EmailMessage

from flask import current_app

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


def send(message: EmailMessage) -> None:
    import smtplib

    config = current_app.config
    security, timeout = config["MAIL_SECURITY"], config["MAIL_TIMEOUT"]
    smtp_class = smtplib.SMTP_SSL if security == "ssl" else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout) as smtp:
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def notify_moderators(comment: Comment) -> bool:
    """Mail the moderators about a newly held comment; True when it was sent."""
    if not notifications_enabled():
        return False
    # The comment is stored: whatever stops the mail (smtplib's errors are
    # OSErrors; building the message can raise too) is logged, never a 500.
    try:
        send(held_comment_message(comment))
    except Exception:
        current_app.logger.exception("Could not mail moderators about comment %s", comment.id)
        return False
    return True
