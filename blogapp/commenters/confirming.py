"""Mail a signed, time-limited link to an address, for one purpose, without mailing strangers.

Whoever types an address into a form may not be its owner, so anything done
for an address ("subscribe" to a comment's news, "export" or "erase" its
data) waits until a link mailed to it is followed and its page's button
pressed (a POST: mail scanners follow links, they do not press buttons).
Confirmation mails are counted per address and per client, in the database,
so the limits hold across workers and hosts.

The API, in the order a feature uses it::

    try:
        confirmation = begin("export", email)        # counts the mail; flushes, so it has an id
    except TooManyMails as refused:
        ...refused.retry_after seconds...             # nothing was recorded
    link = link_for(confirmation, "commenters.confirm_export")   # absolute, on CANONICAL_URL
    send(confirmation, subject, text_with(link))      # into the outbox, in the caller's transaction

    confirmation = confirmation_from(token, "export")  # on the link's page: None -> 404
    use(confirmation)                                  # on its POST: it confirms once

A link names the ``Confirmation`` row and its purpose, signed with the
site's secret and dated; never the address, so no access log, Referer or
forwarded mail shows which address it was for. A link stops working when
it is older than CONFIRMATION_LINK_HOURS, once used, when its address is
erased (``erase``), or when its purpose differs from the page's. ``purge``
deletes rows once neither a link nor a rate limit needs them.

``pending_for(purpose, email)`` tells whether a live, unused link for that
purpose is already on its way (subscribing mails no second one);
``address_digest(email)`` is a keyed digest that identifies an address in
other tables without storing it again.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app, has_request_context, request
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import delete, func, select, text

from ..comments.privacy import client_hash
from ..extensions import db
from ..mail.outbox import enqueue
from ..storage.models import Confirmation, utcnow
from ..text.plaintext import fold_line_breaks
from ..web.addresses import absolute_url_for

PURPOSES = frozenset({"subscribe", "export", "erase"})
SALT = "commenter-confirmation"
DAY, HOUR = timedelta(days=1), timedelta(hours=1)
# PostgreSQL: confirmation mails are counted and recorded one transaction at a
# time (they are rare), so two requests at once cannot both take the last one.
# SQLite's writes are one at a time already (BEGIN IMMEDIATE, storage/sqlite.py).
ADVISORY_LOCK = 160_160_016


class TooManyMails(Exception):
    """The address or the client has had its share of confirmation mails for now."""

    def __init__(self, retry_after: int):
        super().__init__(f"too many confirmation mails; try again in {retry_after} s")
        self.retry_after = retry_after


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def address_digest(email: str) -> str:
    """A keyed digest of the normalised address: equal for the same address, useless to reverse."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"address:" + normalise(email).encode(), hashlib.sha256).hexdigest()


def requesting_client() -> str:
    """The current request's client hash (as comments keep it); empty outside a request."""
    if not has_request_context():
        return ""
    return client_hash(request.remote_addr, current_app.config["SECRET_KEY"])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _lock() -> None:
    if db.session.connection().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})


def _wait(column, value: str, window: timedelta, limit: int) -> int | None:
    """Seconds until ``value`` may have another mail in ``window``; None when it may now."""
    if limit <= 0:
        return int(window.total_seconds())
    since = utcnow() - window
    sent = select(Confirmation.created_at).where(column == value, Confirmation.created_at > since)
    times = list(db.session.scalars(sent.order_by(Confirmation.created_at.desc()).limit(limit)))
    if len(times) < limit:
        return None
    frees_at = times[-1] + window
    return max(1, int((frees_at - utcnow()).total_seconds()) + 1)


def wait_before_mailing(email: str, client: str) -> int | None:
    """Seconds until another confirmation mail may go to ``email`` at ``client``'s request; None: now."""
    config = current_app.config
    waits = [_wait(Confirmation.email, normalise(email), DAY, config["CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY"])]
    if client:
        waits.append(_wait(Confirmation.client_hash, client, HOUR, config["CONFIRMATION_MAILS_PER_CLIENT_PER_HOUR"]))
    waits = [wait for wait in waits if wait is not None]
    return max(waits) if waits else None


def begin(purpose: str, email: str, client: str | None = None) -> Confirmation:
    """Record a confirmation mail to ``email`` for ``purpose``, within the limits; the caller commits.

    ``client`` defaults to the requesting client's hash (empty from the command line).

    :raise TooManyMails: when the address or the client has had its share; nothing is recorded.
    :raise ValueError: for an unknown purpose or an empty address.
    """
    if purpose not in PURPOSES or not normalise(email):
        raise ValueError(f"cannot confirm {purpose!r} for {email!r}")
    client = requesting_client() if client is None else client
    _lock()
    wait = wait_before_mailing(email, client)
    if wait is not None:
        raise TooManyMails(wait)
    confirmation = Confirmation(purpose=purpose, email=normalise(email), client_hash=client)
    db.session.add(confirmation)
    db.session.flush()
    return confirmation


def token_for(confirmation: Confirmation) -> str:
    return _serializer().dumps({"c": confirmation.id, "p": confirmation.purpose})


def link_for(confirmation: Confirmation, endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` (a route taking ``token``) for this confirmation."""
    return absolute_url_for(endpoint, token=token_for(confirmation), **values)


def link_lifetime() -> timedelta:
    return timedelta(hours=current_app.config["CONFIRMATION_LINK_HOURS"])


def confirmation_from(token: str, purpose: str, unused: bool = True) -> Confirmation | None:
    """The confirmation ``token`` was made for, if it is for ``purpose`` and still valid.

    None when the token is forged, malformed, expired, for another purpose,
    its row is gone (erased, purged) or, with ``unused``, it was used.
    """
    try:
        found = _serializer().loads(token, max_age=link_lifetime().total_seconds())
    except BadData:
        return None
    if not isinstance(found, dict) or found.get("p") != purpose or type(found.get("c")) is not int:
        return None
    confirmation = db.session.get(Confirmation, found["c"])
    if confirmation is None or confirmation.purpose != purpose or utcnow() - confirmation.created_at > link_lifetime():
        return None
    if unused and confirmation.used_at is not None:
        return None
    return confirmation


def use(confirmation: Confirmation) -> None:
    """Its button was pressed: the link confirms nothing more. The caller commits."""
    confirmation.used_at = utcnow()


def pending_for(purpose: str, email: str) -> bool:
    """Whether a live, unused link for ``purpose`` is already on its way to ``email``."""
    since = utcnow() - link_lifetime()
    return bool(db.session.scalar(select(func.count(Confirmation.id)).where(
        Confirmation.purpose == purpose, Confirmation.email == normalise(email),
        Confirmation.used_at.is_(None), Confirmation.created_at > since,
    )))


def send(confirmation: Confirmation, subject: str, body: str) -> None:
    """Put the confirmation mail in the outbox (kind ``confirm-<purpose>``), in the caller's transaction."""
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = fold_line_breaks(f"[{config['SITE_NAME']}] {subject}")
    message["From"] = config["MAIL_SENDER"]
    message["To"] = confirmation.email
    message.set_content(body)
    enqueue(message, f"confirm-{confirmation.purpose}")


def erase(email: str) -> int:
    """Delete every confirmation of ``email``: its links stop working. The rows deleted."""
    return db.session.execute(delete(Confirmation).where(Confirmation.email == normalise(email))).rowcount


def purge() -> int:
    """Delete confirmations no link and no rate limit needs any more. The rows deleted."""
    cutoff = utcnow() - max(link_lifetime(), DAY)
    return db.session.execute(delete(Confirmation).where(Confirmation.created_at < cutoff)).rowcount
