"""The stores of a commenter's mail: their mail settings (subscriptions) and the links mailed to them.

A subscription keeps a keyed digest of the address, not the address; a
confirmation keeps the address itself, and the client hash of whoever asked.
"""

from __future__ import annotations

from sqlalchemy import delete, exists, or_, select, update

from ..extensions import db
from ..storage.models import Comment, Confirmation, Subscription
from . import confirming


def _of(traces):
    """Their subscriptions: by the address's digest, or on one of their comments."""
    digest = Subscription.email_digest == confirming.address_digest(traces.email)
    return or_(digest, Subscription.comment_id.in_(traces.comment_ids)) if traces.comment_ids else digest


def export_subscriptions(email: str) -> list:
    digest = confirming.address_digest(email)
    rows = db.session.execute(
        select(Subscription, Comment).join(Comment, Comment.id == Subscription.comment_id)
        .where(Subscription.email_digest == digest).order_by(Subscription.id)
    )
    return [
        {
            "comment_created_at": comment.created_at.isoformat(),
            "article": comment.article.title,
            "asked_at": subscription.created_at.isoformat(),
            "confirmed": subscription.confirmed_at is not None,
            "what": "mail when the comment is published and when someone replies to it",
        }
        for subscription, comment in rows
    ]


def holds_subscriptions(traces) -> bool:
    return bool(db.session.scalar(select(exists().where(_of(traces)))))


def erase_subscriptions(traces, _mode: str) -> int:
    return db.session.execute(delete(Subscription).where(_of(traces))).rowcount


def holds_confirmations(traces) -> bool:
    return bool(db.session.scalar(select(exists().where(Confirmation.email == traces.email))))


def erase_confirmations(traces, _mode: str) -> int:
    """Their links stop working; links they asked for other addresses lose their client hash."""
    deleted = confirming.erase(traces.email)
    if not traces.hashes:
        return deleted
    return deleted + db.session.execute(
        update(Confirmation).where(Confirmation.client_hash.in_(traces.hashes)).values(client_hash="")
    ).rowcount
