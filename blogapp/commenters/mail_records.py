"""The outbox's part of an erasure: mail to the commenter goes, mail about them loses them.

A mail to the address (a confirmation, an approval notice) is theirs and is
deleted, sent or not. A mail to someone else that is about them (a
moderator's notice names the author, quotes the comment and links it) is
deleted once sent (the outbox's copy is only a record by then); one still to
send is kept for its other readers, with their name, address, website and
words replaced. The
search reads the decoded text: a name with accents is not in the stored
message as typed (quoted-printable, base64).
"""

from __future__ import annotations

import re
from email import message_from_string, policy
from email.message import EmailMessage

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import exists, func, or_, select

from ..comments.private_links import comment_id_from
from ..extensions import db
from ..comments.moderator_links import SALT as MODERATOR_LINK_SALT
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


MODERATOR_LINK = re.compile(r"/moderation/mail/([\w.-]+)/")
PRIVATE_PAGE = re.compile(r"/comments/([\w.-]+)/")
ANCHOR = re.compile(r"#comment-(\d+)\b")


def _moderator_link_comment(token: str) -> int | None:
    """The comment a moderator's one-time link acts on, expired or not (moderation/links.py)."""
    try:
        found = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=MODERATOR_LINK_SALT).loads(token)
    except BadData:
        return None
    return found[0] if isinstance(found, list) and found and type(found[0]) is int else None


def linked_comments(body: str) -> set[int]:
    """The comments a mail links to: moderators' links, private pages, #comment- anchors."""
    found = {_moderator_link_comment(token) for token in MODERATOR_LINK.findall(body)}
    found |= {comment_id_from(token) for token in PRIVATE_PAGE.findall(body)}
    found |= {int(number) for number in ANCHOR.findall(body)}
    return found - {None}


def _mentions(body: str, traces) -> bool:
    """Whether ``body`` names the address or a hash, or names them and quotes or links one of their comments.

    A link counts because the text quoted may be one they have since edited.
    """
    lowered = body.lower()
    if traces.email in lowered or any(h in lowered for h in traces.hashes):
        return True
    if not any(name.lower() in lowered for name in traces.names):
        return False
    return any(text[:FINGERPRINT] in body for text in traces.texts) or bool(linked_comments(body) & traces.comment_ids)


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
    """Delete mail to the address, and mail about them already sent (a record now, read where it went);
    redact mail about them still to send. The rows changed."""
    changed = 0
    for mail in db.session.scalars(select(OutboxMail)):
        if traces.email in mail.recipients.lower() or (mail.sent_at is not None and _mentions_mail(mail, traces)):
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
    """Whether a mail names the address: one EXISTS, no message parsed.

    Asked on every request of the /privacy/ forms, by anyone; the erasure
    itself reads every mail decoded.
    """
    named = or_(*(func.lower(column).contains(traces.email, autoescape=True)
                  for column in (OutboxMail.recipients, OutboxMail.message)))
    return bool(db.session.scalar(select(exists().where(named))))


def _mentions_mail(mail: OutboxMail, traces) -> bool:
    if traces.email in mail.recipients.lower() or _mentions(mail.message, traces):
        return True
    return any(_mentions(part.get_content(), traces) for part in _text_parts(_parsed(mail)))
