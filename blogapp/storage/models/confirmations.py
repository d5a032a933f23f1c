"""Confirmation mails sent: each one anchors a signed link, and counting them is the rate limit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from .columns import NEVER_REUSE_IDS, utcnow


class Confirmation(db.Model):
    """One "is this your address?" mail, for one purpose (blogapp/commenters/confirming.py).

    The link in the mail names this row, never the address, so no log line
    or Referer shows an address. Rows are deleted a day after their link
    expires (``flask purge``), and at once when the address is erased.
    """

    __tablename__ = "confirmations"
    __table_args__ = (
        # The rate limits: mails to one address in a day, from one client in an hour.
        Index("ix_confirmations_email_created_at", "email", "created_at"),
        Index("ix_confirmations_client_hash_created_at", "client_hash", "created_at"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "subscribe", "export" or "erase": a link confirms only what it was sent for.
    purpose: Mapped[str] = mapped_column(String(16))
    # Normalised (trimmed, lower case).
    email: Mapped[str] = mapped_column(String(254))
    # Who asked (comments/privacy.py's keyed hash); empty from the command line.
    client_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the link's button was pressed: a link confirms once.
    used_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Confirmation {self.id} {self.purpose}>"
