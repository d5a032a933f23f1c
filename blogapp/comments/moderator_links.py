"""The signed part of moderators' one-time links: what a link says, and whether it is genuine and fresh.

A link signs (itsdangerous, the site's secret) the comment, the action, the
moderator it was mailed to and a *mark*: the id of the comment's latest
moderation entry in the audit log when the mail was written (see
moderation/links.py, which makes and spends links). Kept here, beside the
comment's private address, so code that only reads links (the erasure's
search of the outbox) needs nothing of moderation.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

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


def link_token(comment_id: int, action: str, user_id: int, mark: int) -> str:
    return _serializer().dumps([comment_id, action, user_id, mark])


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
