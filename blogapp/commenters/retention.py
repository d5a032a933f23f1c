"""Keep less: what ``flask purge`` removes once CLIENT_HASH_RETENTION_DAYS have passed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, exists, update

from ..extensions import db
from ..storage.effects import write_comments
from ..storage.models import Comment, CommentStatus, OutboxMail, Subscription, utcnow
from . import confirming, subscriptions

COMMENTS = Comment.__table__


def _empty(column, *conditions) -> int:
    """One UPDATE that empties ``column`` where it is set and ``conditions`` hold: the rows changed.

    Neither column is shown to readers, so no page is retired and no count changes.
    """
    statement = update(COMMENTS).where(column != "", *conditions).values({column.key: ""})
    return write_comments(statement, {}, article_ids=(), public=False).rowcount


def purge(retention_days: int) -> dict[str, int]:
    """Empty old client hashes, and old email addresses of comments no longer pending;
    delete mail sent that long ago (it names commenters, and was read where it went).

    Bulk statements, however many rows (no row is loaded); running it twice
    changes nothing more. The caller commits.
    """
    cutoff = utcnow() - timedelta(days=retention_days)
    old = COMMENTS.c.created_at < cutoff
    hashes = _empty(COMMENTS.c.client_hash, old)
    # A pending comment keeps its address: the moderator may still need it;
    # so does one with mail settings left: its mail goes to that address.
    unconfirmed = subscriptions.purge_unconfirmed()
    subscribed = exists().where(Subscription.comment_id == COMMENTS.c.id)
    emails = _empty(COMMENTS.c.author_email, old, COMMENTS.c.status != CommentStatus.PENDING.value, ~subscribed)
    sent = db.session.execute(delete(OutboxMail).where(OutboxMail.sent_at < cutoff)).rowcount
    # Confirmation links that no link and no rate limit needs any more.
    return {"client_hashes": hashes, "emails": emails, "confirmations": confirming.purge(), "sent_mails": sent,
            "unconfirmed_mail_settings": unconfirmed}
