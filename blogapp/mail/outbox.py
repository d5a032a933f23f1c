"""Writing mail to the outbox, in the caller's transaction."""

from __future__ import annotations

from email.message import EmailMessage

from ..extensions import db
from ..storage.models import OutboxMail


def enqueue(message: EmailMessage, kind: str) -> OutboxMail:
    """Add ``message`` to the outbox; it is sent once the caller's transaction commits.

    Building the text here (not in the sender) means a message that cannot be
    written (a header with a line break, say) fails in the request that made
    it, where the caller can log it, instead of failing in the sender forever.
    """
    mail = OutboxMail(kind=kind, recipients=message["To"] or "", message=message.as_string())
    db.session.add(mail)
    return mail
