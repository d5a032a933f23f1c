"""The outbox's part of an erasure: mail to the commenter goes, mail about them loses them.

A mail to the address (a confirmation, an approval notice) is theirs and is
deleted, sent or not. A mail to someone else that is about them (a
moderator's notice names the author and quotes the comment) is kept for its
other readers, with their name, address, website and words replaced. The
search reads the decoded text: a name with accents is not in the stored
message as typed (quoted-printable, base64).
"""

from __future__ import annotations

from email import message_from_string, policy
from email.message import EmailMessage

from sqlalchemy import select

from ..extensions import db
from ..storage.models import OutboxMail

ERASED = "(erased on request)"
# A comment's first characters say a mail quotes it; fewer would match other people's words.
FINGERPRINT = 60


def _parsed(mail: OutboxMail) -> EmailMessage:
    return message_from_string(mail.message, policy=policy.default)


def _text_parts(message: EmailMessage) -> list[EmailMessage]:
    return [part for part in message.walk() if part.get_content_maintype() == "text" and not part.is_multipart()]


def _redact_quote(body: str, text: str) -> str:
    """``body`` without any run of ``text``'s words that starts like it (a whole quote or an excerpt)."""
    start = body.find(text[:FINGERPRINT])
    while start >= 0:
        end = start
        while end - start < len(text) and end < len(body) and body[end] == text[end - start]:
            end += 1
        body = body[:start] + ERASED + body[end:]
        start = body.find(text[:FINGERPRINT], start + len(ERASED))
    return body


def _mentions(body: str, traces) -> bool:
    lowered = body.lower()
    if traces.email in lowered or any(h in lowered for h in traces.hashes):
        return True
    named = any(name.lower() in lowered for name in traces.names)
    return named and any(text[:FINGERPRINT] in body for text in traces.texts)


def _redact(body: str, traces) -> str:
    for text in sorted(traces.texts, key=len, reverse=True):
        body = _redact_quote(body, text)
    for word in (traces.email, *traces.hashes, *traces.websites, *traces.names):
        body = _case_blind_replace(body, word)
    return body


def _case_blind_replace(body: str, word: str) -> str:
    start = body.lower().find(word.lower()) if word else -1
    while start >= 0:
        body = body[:start] + ERASED + body[start + len(word):]
        start = body.lower().find(word.lower(), start + len(ERASED))
    return body


def erase_outbox(traces, _mode: str) -> int:
    """Delete mail to the address and redact mail about it; the rows changed."""
    changed = 0
    for mail in db.session.scalars(select(OutboxMail)):
        if traces.email in mail.recipients.lower():
            db.session.delete(mail)
            changed += 1
        elif _redact_mail(mail, traces):
            changed += 1
    return changed


def _redact_mail(mail: OutboxMail, traces) -> bool:
    """Redact the text parts and subject that mention them, then any header still naming the address."""
    message = _parsed(mail)
    parts = [part for part in _text_parts(message) if _mentions(part.get_content(), traces)]
    for part in parts:
        part.set_content(_redact(part.get_content(), traces), subtype=part.get_content_subtype())
    subject = str(message["Subject"] or "")
    if _mentions(subject, traces):
        del message["Subject"]
        message["Subject"] = _redact(subject, traces)
    text = message.as_string() if parts or message["Subject"] != subject else mail.message
    for word in (traces.email, *traces.hashes):
        text = _case_blind_replace(text, word)
    if text == mail.message:
        return False
    mail.message = text
    return True


def holds_outbox(traces) -> bool:
    return any(_mentions_mail(mail, traces) for mail in db.session.scalars(select(OutboxMail)))


def _mentions_mail(mail: OutboxMail, traces) -> bool:
    if traces.email in mail.recipients.lower() or _mentions(mail.message, traces):
        return True
    return any(_mentions(part.get_content(), traces) for part in _text_parts(_parsed(mail)))
