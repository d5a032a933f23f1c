"""The private address of each comment: a signed, unguessable link its author keeps.

No account and no cookie: whoever holds the address may see the comment's
state, edit it for a while, and delete it. The address signs the comment's
id with the site's secret (itsdangerous), so it lasts as long as the comment
does, and, since ids are never reused, never opens another comment later.
"""

from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadData, URLSafeSerializer

SALT = "comment-private-page"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def private_token(comment_id: int) -> str:
    return _serializer().dumps(comment_id)


def comment_id_from(token: str) -> int | None:
    """The comment id ``token`` was made for; None when it is forged or malformed."""
    try:
        found = _serializer().loads(token)
    except BadData:
        return None
    return found if type(found) is int else None


def private_url(comment_id: int, **values) -> str:
    """The site-relative address of the comment's private page."""
    return url_for("own_comment.show", token=private_token(comment_id), **values)
