"""The mail moderators get about held comments: who gets it, and what it says.

Each moderator or admin with an address of their own gets a mail of their
own, whose links are signed for them alone (moderation/links.py). The
addresses of MODERATOR_EMAILS that belong to no such account share one
mail without links, which sends them to the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..storage.models import Comment, Role, User
from ..text.plaintext import fold_line_breaks
from ..web.addresses import absolute_url_for
from ..comments.moderator_links import LINK_LABELS
from .links import link_urls

EXCERPT_LENGTH = 500
DIGEST_EXCERPT_LENGTH = 200


@dataclass(frozen=True)
class Recipient:
    """Where one mail goes: a moderator (whose links it carries), or the shared MODERATOR_EMAILS."""

    to: str
    user_id: int | None = None


def recipients() -> list[Recipient]:
    """Every moderator and admin with an address, then the other MODERATOR_EMAILS together."""
    staff = db.session.execute(
        select(User.id, User.email).where(User.email != "", User.role.in_([Role.MODERATOR, Role.ADMIN]))
        .order_by(User.id)).all()
    found = [Recipient(email, user_id) for user_id, email in staff]
    own = {email.lower() for _, email in staff}
    shared = [email for email in current_app.config["MODERATOR_EMAILS"] if email.lower() not in own]
    if shared:
        found.append(Recipient(", ".join(shared)))
    return found


def _message(subject: str, recipient: Recipient, text: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    # A header holds one line (a line break raises): titles stored before that rule may have one.
    message["Subject"] = fold_line_breaks(f"[{config['SITE_NAME']}] {subject}")
    message["From"] = config["MAIL_SENDER"]
    message["To"] = recipient.to
    message.set_content(text)
    return message


def _links(comment: Comment, recipient: Recipient, indent: str = "") -> str:
    if recipient.user_id is None:
        return ""
    urls = link_urls(comment.id, recipient.user_id)
    return "".join(f"{indent}{LINK_LABELS[action]}: {url}\n" for action, url in urls.items())


def _links_note(recipient: Recipient) -> str:
    if recipient.user_id is None:
        return ""
    hours = current_app.config["MODERATOR_LINK_HOURS"]
    return (f"Each link opens a page with one button. The links are yours alone, work for {hours} hours, "
            "and only until someone acts on the comment.\n\n")


def held_comment_message(comment: Comment, recipient: Recipient | None = None) -> EmailMessage:
    """The mail telling one moderator (by default: the shared MODERATOR_EMAILS) that ``comment`` waits."""
    recipient = recipient or Recipient(", ".join(current_app.config["MODERATOR_EMAILS"]))
    title, links = comment.article.title, _links(comment, recipient)
    text = (f"{comment.author_name} commented on “{title}”.\n"
            f"Held because: {comment.held_reason}\n\n{comment.body_raw[:EXCERPT_LENGTH]}\n\n"
            f"{links + chr(10) if links else ''}{_links_note(recipient)}"
            f"Review it in the moderation queue:\n{absolute_url_for('queue.index')}\n")
    return _message(f"Comment waiting on “{title}”", recipient, text)


def digest_message(comments: list[Comment], recipient: Recipient, not_listed: int = 0) -> EmailMessage:
    """One mail listing every comment held since the last digest, each with its links."""
    noun = "comment" if len(comments) + not_listed == 1 else "comments"
    parts = [f"{len(comments) + not_listed} {noun} held since the last mail:\n\n"]
    for number, comment in enumerate(comments, 1):
        excerpt = comment.body_raw[:DIGEST_EXCERPT_LENGTH].replace("\n", " ")
        parts.append(f"{number}. {comment.author_name} on “{comment.article.title}”\n"
                     f"   Held because: {comment.held_reason}\n   {excerpt}\n{_links(comment, recipient, '   ')}\n")
    if not_listed:
        parts.append(f"And {not_listed} more, not listed here.\n\n")
    parts.append(f"{_links_note(recipient)}The moderation queue:\n{absolute_url_for('queue.index')}\n")
    return _message(f"{len(comments) + not_listed} {noun} waiting for moderation", recipient, "".join(parts))
