"""Mail about one's own comment, opted into on the form: ask, confirm the address once, stop.

Nothing is mailed to an address that has not confirmed. The first time an
address opts in, one confirmation mail goes to it (commenters/confirming.py);
pressing the button on that link's page confirms the address for every
comment it opted in with so far, and later opt-ins of a confirmed address are
on at once. Stopping mail for the last comment, or "stop all", forgets the
confirmation too: the next opt-in asks again.

Links in the mails name a subscription (stop this comment's mail) or a keyed
digest of the address (stop all of it), signed but not dated: a mail read
months later still stops what it says.
"""

from __future__ import annotations

import enum

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import delete, exists, select, update

from ..extensions import db
from ..storage.models import Comment, CommentStatus, Confirmation, Subscription, utcnow
from .confirming import TooManyMails, address_digest, begin, link_lifetime, normalise, pending_for, use

SUBSCRIBE = "subscribe"
STOP_SALT, STOP_ALL_SALT = "comment-mail-stop", "comment-mail-stop-all"


class OptIn(enum.StrEnum):
    """What became of a ticked box, for the reader's thank-you message."""

    ON = "on"  # the address had confirmed already
    ASKED = "asked"  # a confirmation mail is in the outbox
    WAITING = "waiting"  # a confirmation mail went earlier and its link still works
    LIMITED = "limited"  # too many confirmation mails lately: none was sent


def _confirmed(digest: str):
    return exists().where(Subscription.email_digest == digest, Subscription.confirmed_at.is_not(None))


def address_confirmed(email: str) -> bool:
    return bool(db.session.scalar(select(_confirmed(address_digest(email)))))


def opt_in(comment: Comment) -> tuple[OptIn, Confirmation | None]:
    """Record that ``comment``'s author wants its mail, in the comment's transaction.

    Call it once the comment is stored (it has an id). Returns what happened
    and, when a confirmation mail is due, its ``Confirmation`` (the caller
    writes the mail).
    """
    email = normalise(comment.author_email)
    confirmed = address_confirmed(email)
    db.session.add(Subscription(
        comment_id=comment.id, email_digest=address_digest(email),
        confirmed_at=utcnow() if confirmed else None,
        # A comment approved at once: its author has just seen it published.
        told_published=comment.status == CommentStatus.APPROVED,
    ))
    if confirmed:
        return OptIn.ON, None
    if pending_for(SUBSCRIBE, email):
        return OptIn.WAITING, None
    try:
        return OptIn.ASKED, begin(SUBSCRIBE, email)
    except TooManyMails:
        return OptIn.LIMITED, None


def confirm_address(confirmation: Confirmation) -> list[Subscription]:
    """The button was pressed: every waiting subscription of the address is on. The caller commits."""
    use(confirmation)
    digest = address_digest(confirmation.email)
    waiting = list(db.session.scalars(select(Subscription).where(
        Subscription.email_digest == digest, Subscription.confirmed_at.is_(None))))
    for subscription in waiting:
        subscription.confirmed_at = confirmation.used_at
    return waiting


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def stop_token(subscription: Subscription) -> str:
    return _serializer(STOP_SALT).dumps(subscription.id)


def stop_all_token(email: str) -> str:
    return _serializer(STOP_ALL_SALT).dumps(address_digest(email))


def _loaded(token: str, salt: str, kind: type):
    try:
        found = _serializer(salt).loads(token)
    except BadData:
        return None
    return found if type(found) is kind else None


def subscription_id_from(token: str) -> int | None:
    """The subscription a stop link names; None when forged or malformed."""
    return _loaded(token, STOP_SALT, int)


def digest_from(token: str) -> str | None:
    """The address digest a stop-all link names; None when forged or malformed."""
    return _loaded(token, STOP_ALL_SALT, str)


def stop(subscription_id: int) -> bool:
    """No more mail about that comment; False when it had stopped already. The caller commits."""
    return db.session.execute(delete(Subscription).where(Subscription.id == subscription_id)).rowcount > 0


def settings_of(digest: str) -> int:
    """How many comments the address still gets mail about (confirmed or waiting)."""
    return len(db.session.scalars(select(Subscription.id).where(Subscription.email_digest == digest)).all())


def stop_all(digest: str) -> int:
    """No more mail to the address, and its pending confirmation links stop working; the caller commits.

    Returns how many comments' mail stopped.
    """
    emails = {normalise(email) for email in db.session.scalars(
        select(Comment.author_email).join(Subscription, Subscription.comment_id == Comment.id)
        .where(Subscription.email_digest == digest))}
    if emails:
        db.session.execute(update(Confirmation).where(
            Confirmation.purpose == SUBSCRIBE, Confirmation.email.in_(emails), Confirmation.used_at.is_(None),
        ).values(used_at=utcnow()))
    return db.session.execute(delete(Subscription).where(Subscription.email_digest == digest)).rowcount


def purge_unconfirmed() -> int:
    """Forget opt-ins whose address never confirmed while a link could: they keep no address alive. The rows."""
    cutoff = utcnow() - link_lifetime()
    return db.session.execute(delete(Subscription).where(
        Subscription.confirmed_at.is_(None), Subscription.created_at < cutoff)).rowcount
