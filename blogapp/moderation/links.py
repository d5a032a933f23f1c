"""Moderators' one-time links: approve, mark as spam or trash one held comment from a mail.

A link signs (itsdangerous, the site's secret) the comment, the action, the
moderator it was mailed to and a *mark*: the id of the comment's latest
moderation entry in the audit log when the mail was written. It is good
while the comment still waits and nothing has been done to it since, so
its first use, or anyone's action in the queue, spends every link of that
mail at once, without a table of used tokens. It also expires after
MODERATOR_LINK_HOURS, and acts only as the moderator it names.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from ..extensions import db
from ..storage.models import AuditEntry
from ..web.addresses import absolute_url_for
from .actions import ACTIONS

SALT = "moderator-link"
# What a link may do, in the order a mail lists them, and what its button says.
LINK_LABELS = {"approve": "Approve", "spam": "Mark as spam", "trash": "Trash"}
LINK_ACTIONS = tuple(LINK_LABELS)


@dataclass(frozen=True)
class LinkClaim:
    """What a valid link says: do ``action`` to ``comment_id`` as user ``user_id``."""

    comment_id: int
    action: str
    user_id: int
    mark: int


class LinkExpired(Exception):
    """The link was genuine once, but is older than MODERATOR_LINK_HOURS."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def moderation_mark(comment_id: int) -> int:
    """The id of the comment's latest moderation action in the audit log (0: none yet)."""
    query = select(func.max(AuditEntry.id)).where(AuditEntry.comment_id == comment_id,
                                                  AuditEntry.action.in_(list(ACTIONS)))
    return db.session.scalar(query) or 0


def link_token(comment_id: int, action: str, user_id: int, mark: int) -> str:
    return _serializer().dumps([comment_id, action, user_id, mark])


def link_urls(comment_id: int, user_id: int) -> dict[str, str]:
    """Action name -> the absolute one-time link for this moderator (CANONICAL_URL, never the Host)."""
    mark = moderation_mark(comment_id)
    return {action: absolute_url_for("mod_links.show", token=link_token(comment_id, action, user_id, mark))
            for action in LINK_ACTIONS}


def read_link(token: str) -> LinkClaim | None:
    """What ``token`` claims; None when it is forged, changed or malformed.

    :raise LinkExpired: for a genuine link older than MODERATOR_LINK_HOURS.
    """
    max_age = current_app.config["MODERATOR_LINK_HOURS"] * 3600
    try:
        found = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkExpired from error
    except BadData:
        return None
    if not (isinstance(found, list) and len(found) == 4 and found[1] in LINK_ACTIONS
            and all(type(found[index]) is int for index in (0, 2, 3))):
        return None
    return LinkClaim(*found)


def action_since(comment_id: int, mark: int) -> AuditEntry | None:
    """The latest moderation action on the comment after ``mark``: what spent the link, if anything did."""
    query = (select(AuditEntry).where(AuditEntry.comment_id == comment_id, AuditEntry.id > mark,
                                      AuditEntry.action.in_(list(ACTIONS)))
             .order_by(AuditEntry.id.desc()).limit(1))
    return db.session.scalar(query)
