"""The mails a commenter asked for: "it is published", "someone replied", and the one confirming the address.

``comment_approved`` is the hook every approval calls (the queue's actions,
a staff reply, a comment approved as it is posted), in the approval's
transaction: the mail is written to the outbox with it, and only to a
confirmed address. A mail that cannot be written is logged; the approval
goes on.

Each mail about a comment carries RFC 8058's one-click unsubscribe: a
``List-Unsubscribe`` header with one https address (the stop link of that
comment's subscription) and ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click``, which tells mail providers that a POST there
(mail_views.one_click) stops it, so a GET by a link scanner stops nothing.
Providers only trust these headers in mail whose DKIM signature covers them:
that is the relaying MTA's job (docs/operations.md).
"""

from __future__ import annotations

from email.message import EmailMessage

from flask import current_app
from sqlalchemy import func, select

from ..comments.private_links import private_token
from ..comments.queries import page_of
from ..mail.outbox import enqueue
from ..extensions import db
from ..storage.models import AuditEntry, Comment, CommentStatus, Confirmation, Subscription
from ..text.plaintext import fold_line_breaks
from ..web.addresses import absolute_url_for
from .confirming import link_for, normalise, send
from .subscriptions import OptIn, opt_in, stop_all_token, stop_token

EXCERPT_LENGTH = 500


def comment_link(comment: Comment) -> str:
    """The comment's absolute address on its article page (CANONICAL_URL, never the request's host)."""
    page = page_of(comment)
    return absolute_url_for("blog.article", slug=comment.article.slug, page=page if page > 1 else None,
                            _anchor=f"comment-{comment.id}")


def send_confirmation(confirmation: Confirmation, comment: Comment) -> None:
    """The one mail an address gets before it confirms: a link to a page with a button."""
    link = link_for(confirmation, "comment_mail.confirm")
    hours = current_app.config["CONFIRMATION_LINK_HOURS"]
    send(confirmation, "Confirm mail about your comment", (
        f"Someone, probably you, commented on “{comment.article.title}” with this address and asked "
        "for mail when the comment is published and when someone replies.\n\n"
        f"To get that mail, open this page and press its button (within {hours} hours):\n{link}\n\n"
        "If it was not you, do nothing: without the button, no mail about it is sent to you.\n"
    ))


def _message(subscription: Subscription, subject: str, text: str) -> EmailMessage:
    """A mail about ``subscription``'s comment to its author, with the two ways to stop."""
    config = current_app.config
    comment = subscription.comment
    stop = absolute_url_for("comment_mail.one_click", token=stop_token(subscription))
    stop_all = absolute_url_for("comment_mail.stop_all", token=stop_all_token(comment.author_email))
    message = EmailMessage()
    message["Subject"] = fold_line_breaks(f"[{config['SITE_NAME']}] {subject}")
    message["From"] = config["MAIL_SENDER"]
    message["To"] = normalise(comment.author_email)
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{stop}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    private = absolute_url_for("own_comment.show", token=private_token(comment.id))
    message.set_content(
        f"{text}\n\n-- \nYou get this mail because you asked for it when you posted your comment.\n"
        f"Your comment's private page (edit or delete it): {private}\n"
        f"Stop mail about this comment: {stop}\n"
        f"Stop all mail from {config['SITE_NAME']} to this address: {stop_all}\n"
    )
    return message


def _confirmed_subscription(comment: Comment) -> Subscription | None:
    if not comment.author_email:
        return None
    return db.session.scalar(select(Subscription).where(
        Subscription.comment_id == comment.id, Subscription.confirmed_at.is_not(None)))


def _published(comment: Comment) -> None:
    subscription = _confirmed_subscription(comment)
    if subscription is None or subscription.told_published:
        return
    title = comment.article.title
    enqueue(_message(subscription, f"Your comment on “{title}” is published",
                     f"Your comment on “{title}” is published:\n{comment_link(comment)}"), "comment-published")
    subscription.told_published = True


def _approved_before(comment: Comment) -> bool:
    """Whether the queue approved ``comment`` before this approval (the audit log has its "approve" already)."""
    approvals = select(func.count(AuditEntry.id)).where(AuditEntry.comment_id == comment.id,
                                                         AuditEntry.action == "approve")
    return db.session.scalar(approvals) > 1


def _reply(reply: Comment) -> None:
    parent = reply.parent
    if parent is None or parent.status != CommentStatus.APPROVED:
        return
    subscription = _confirmed_subscription(parent)
    # Nobody is told of their own reply, nor twice of one approved again.
    if subscription is None or normalise(reply.author_email) == normalise(parent.author_email) \
            or _approved_before(reply):
        return
    title = parent.article.title
    excerpt = reply.body_raw[:EXCERPT_LENGTH]
    enqueue(_message(subscription, f"A reply to your comment on “{title}”",
                     f"{reply.author_name} replied to your comment on “{title}”:\n\n{excerpt}\n\n"
                     f"Read it on the article:\n{comment_link(reply)}"), "comment-reply")


def comment_approved(comment: Comment) -> None:
    """``comment`` is approved now: mail its author (if confirmed) and its parent's author (if confirmed).

    Call it in the approval's transaction, once ``comment.status`` is set
    (and a new comment has its id).
    """
    try:
        _published(comment)
        _reply(comment)
    except Exception:
        current_app.logger.exception("Could not write commenter mail about comment %s", comment.id)


NOTES = {
    OptIn.ON: "You will get mail when it is published and when someone replies.",
    OptIn.ASKED: "We sent a mail to the address you gave: press the button on the page it links to, "
                 "and you will get mail when your comment is published and when someone replies.",
    OptIn.WAITING: "We sent a confirmation mail to this address earlier: press the button on the page it "
                   "links to, and you will get mail about this comment too.",
    OptIn.LIMITED: "We could not send a confirmation mail to this address now: too many went to it or from "
                   "here lately. Your comment is saved; tick the box on a later comment to try again.",
}


def after_posting(comment: Comment, wants_mail: bool) -> str | None:
    """A new, stored comment's mail, in its transaction; a sentence for its author, or None.

    Its author's opt-in, when the box was ticked and the blog sends mail
    (never for spam), and, for a reply approved at once, the parent's notice.
    """
    note = None
    if wants_mail and comment.author_email and current_app.config["MAIL_SERVER"] \
            and comment.status != CommentStatus.SPAM:
        outcome, confirmation = opt_in(comment)
        if confirmation is not None:
            send_confirmation(confirmation, comment)
        note = NOTES[outcome]
    if comment.status == CommentStatus.APPROVED:
        comment_approved(comment)
    return note
