"""Delivering the outbox: claim due mails, send each, record what happened.

Several senders may run at once (on one host or many) and none sends a mail
another has claimed. A claim is one UPDATE of the due rows' ``claimed_until``:
on PostgreSQL the rows are chosen ``FOR UPDATE SKIP LOCKED``, so a second
sender passes over the rows a first is claiming instead of waiting for them
and then claiming them too; SQLite runs one write at a time, so its UPDATE
alone is enough. Each mail is sent outside any transaction, then marked sent,
or given its error and a later attempt. A sender that dies after the SMTP
server took a mail but before marking it sends it again once its claim runs
out: a mail may, rarely, arrive twice; it is never lost.
"""

from __future__ import annotations

import email
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from ..extensions import db
from ..storage.models import OutboxMail, utcnow
from . import smtp

BATCH = 20


@dataclass
class Pass:
    """What one pass over the outbox did."""

    sent: int = 0
    failed: list[str] = field(default_factory=list)


def due(now: datetime):
    """Unsent mails whose time has come and that no living sender holds."""
    return (
        OutboxMail.sent_at.is_(None),
        OutboxMail.attempts < current_app.config["OUTBOX_MAX_ATTEMPTS"],
        OutboxMail.next_attempt_at <= now,
        or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
    )


@dataclass(frozen=True)
class Claimed:
    """A mail this sender holds, read out of the database, so no transaction stays open while it is sent."""

    id: int
    kind: str
    message: str
    attempts: int


def claim(now: datetime, limit: int = BATCH) -> list[Claimed]:
    """Up to ``limit`` mails due at ``now``, claimed for this sender and committed as such."""
    until = now + timedelta(seconds=current_app.config["OUTBOX_CLAIM_SECONDS"])
    token = secrets.token_hex(16)
    chosen = (select(OutboxMail.id).where(*due(now)).order_by(OutboxMail.id).limit(limit)
              .with_for_update(skip_locked=True))
    claiming = update(OutboxMail).where(OutboxMail.id.in_(chosen)).values(claimed_until=until, claimed_by=token)
    db.session.execute(claiming, execution_options={"synchronize_session": False})
    db.session.commit()
    columns = (OutboxMail.id, OutboxMail.kind, OutboxMail.message, OutboxMail.attempts)
    rows = db.session.execute(select(*columns).where(OutboxMail.claimed_by == token, OutboxMail.sent_at.is_(None))
                              .order_by(OutboxMail.id)).all()
    # On SQLite every transaction holds the write lock (storage/sqlite.py): end
    # it before the first mail goes, or every comment posted would wait for SMTP.
    db.session.commit()
    return [Claimed(*row) for row in rows]


def retry_delay(attempts: int) -> timedelta:
    """How long after its ``attempts``-th failure a mail is tried again."""
    return timedelta(seconds=current_app.config["OUTBOX_RETRY_SECONDS"] * 2 ** (attempts - 1))


def deliver(mail: Claimed) -> str:
    """Send one claimed mail and record the outcome; the error text, or "" when sent."""
    attempts = mail.attempts + 1
    try:
        smtp.send(email.message_from_string(mail.message))
    except OSError as error:  # smtplib's errors, refused connections and timeouts alike
        outcome = {"last_error": f"{type(error).__name__}: {error}"[:300],
                   "next_attempt_at": utcnow() + retry_delay(attempts)}
    else:
        outcome = {"sent_at": utcnow(), "last_error": ""}
    db.session.execute(update(OutboxMail).where(OutboxMail.id == mail.id)
                       .values(attempts=attempts, claimed_until=None, claimed_by="", **outcome))
    db.session.commit()
    return outcome["last_error"]


def send_due() -> Pass:
    """One pass: every mail due when it starts, batch by batch (a mail failing now waits for the next pass)."""
    done, start = Pass(), utcnow()
    while batch := claim(start):
        for mail in batch:
            error = deliver(mail)
            if error:
                done.failed.append(f"mail {mail.id}: {error}")
                current_app.logger.warning("Could not send mail %s (%s): %s", mail.id, mail.kind, error)
            else:
                done.sent += 1
    return done
