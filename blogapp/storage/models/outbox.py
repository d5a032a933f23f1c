"""The outbox: every mail the blog sends, written with the change that caused it.

A request never talks to SMTP. It adds a row here in its own transaction, so
the mail exists exactly when the change does; ``flask outbox send`` delivers
the rows later and retries the ones that fail (blogapp/mail/sending.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from .columns import NEVER_REUSE_IDS, utcnow


class OutboxMail(db.Model):
    """One mail to send: its whole message, and how delivering it has gone."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The sender's question: what is due and not yet sent, oldest first.
        Index("ix_outbox_sent_at_next_attempt_at", "sent_at", "next_attempt_at", "id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What the mail is for ("held-comment", ...), shown in `flask outbox list`.
    kind: Mapped[str] = mapped_column(String(40))
    # The To addresses, comma-separated, as the message names them.
    recipients: Mapped[str] = mapped_column(Text)
    # The whole RFC 5322 message, headers and body, as it will be sent.
    message: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A sender that claimed the mail holds it until then; after that (it died), another may.
    claimed_until: Mapped[datetime | None]
    # A random name of the claim, so a sender reads back only the rows it claimed.
    claimed_by: Mapped[str] = mapped_column(String(32), default="")
    last_error: Mapped[str] = mapped_column(String(300), default="")
    sent_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.kind} attempts={self.attempts}>"
