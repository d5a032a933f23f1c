"""The moderators' digest: one mail per moderator per MODERATOR_DIGEST_MINUTES, listing what was held.

Built by the outbox sender (``flask outbox send --watch``, or ``flask outbox
digest``). Held comments wait as HeldNotice rows; a pass that finds some
takes the "moderator-digest" job (storage/periodic.py: one sender, at most
once a period), then in one transaction marks the notices listed and puts
the mails in the outbox. A comment is therefore in exactly one digest, and
one that waits while no sender runs is in the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import exists, select, update
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..mail.outbox import enqueue
from ..storage import periodic
from ..storage.models import Comment, CommentStatus, HeldNotice, utcnow
from .notices import digest_message, recipients

JOB = "moderator-digest"
# A digest lists at most this many comments; it counts the rest.
MOST_LISTED = 100


@dataclass
class DigestPass:
    """What one pass did: how many comments it listed, to how many recipients; or why it did nothing."""

    comments: int = 0
    mails: int = 0
    skipped: str = ""


def _held_comments(notice_ids: list[int]) -> list[Comment]:
    """The noted comments that still wait, oldest first (one moderated meanwhile needs no mail)."""
    noted = select(HeldNotice.comment_id).where(HeldNotice.id.in_(notice_ids))
    query = (select(Comment).where(Comment.id.in_(noted), Comment.status == CommentStatus.PENDING)
             .options(joinedload(Comment.article)).order_by(Comment.id))
    return list(db.session.scalars(query))


def _write_digests(notice_ids: list[int]) -> DigestPass:
    """Mark the notices listed and enqueue the mails, in one transaction; the caller commits."""
    marked = db.session.execute(update(HeldNotice).where(HeldNotice.id.in_(notice_ids),
                                                         HeldNotice.digested_at.is_(None))
                                .values(digested_at=utcnow()), execution_options={"synchronize_session": False})
    if marked.rowcount != len(notice_ids):
        raise RuntimeError("another digest took some of these comments")  # rolled back: nothing sent twice
    comments = _held_comments(notice_ids)
    if not comments:
        return DigestPass(skipped="every comment held has been moderated since")
    listed, not_listed = comments[:MOST_LISTED], max(len(comments) - MOST_LISTED, 0)
    sent_to = recipients()
    for recipient in sent_to:
        enqueue(digest_message(listed, recipient, not_listed), "moderator-digest")
    return DigestPass(comments=len(comments), mails=len(sent_to))


def send_digest() -> DigestPass:
    """One digest pass: mails for every moderator if comments were held and the period has passed."""
    minutes = current_app.config["MODERATOR_DIGEST_MINUTES"]
    if not db.session.scalar(select(exists().where(HeldNotice.digested_at.is_(None)))):
        return DigestPass(skipped="no comment held since the last digest")
    if not recipients():
        return DigestPass(skipped="no moderator has an address (MODERATOR_EMAILS, `flask users set-email`)")
    every = timedelta(minutes=max(minutes, 0))
    if not periodic.take(JOB, every):
        return DigestPass(skipped="the last digest went less than MODERATOR_DIGEST_MINUTES ago")
    try:
        ids = list(db.session.scalars(select(HeldNotice.id).where(HeldNotice.digested_at.is_(None))
                                      .order_by(HeldNotice.id).with_for_update(skip_locked=True)))
        done = _write_digests(ids)
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        periodic.finish(JOB, f"{type(error).__name__}: {error}", retry=min(every, periodic.RETRY_AFTER_FAILURE))
        raise
    periodic.finish(JOB)
    return done
