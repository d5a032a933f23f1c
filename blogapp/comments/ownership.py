"""How a reader's browser recognises the comments it posted, before they are approved.

Each comment a reader posts gets a random key: the reader's session keeps the
key with the comment's id, the comment row only the key's digest. A pending
comment is shown to a reader as their own only when both match, so neither a
reused id nor a forged list of ids shows anyone another reader's words.
"""

from __future__ import annotations

import hmac
import secrets

from flask import current_app, session

from ..storage.models import Comment, key_digest

OWN_COMMENTS_KEY = "own_comments"


def claim_for_author(comment: Comment) -> str:
    """Give the new ``comment`` an owner key; returns the key, for the author's session."""
    key = secrets.token_urlsafe(16)
    comment.owner_digest = key_digest(key)
    return key


def remember_own_comment(comment_id: int, key: str) -> None:
    """Let this reader's session recognise the comment they just posted."""
    limit = current_app.config["PENDING_COMMENTS_REMEMBERED"]
    session[OWN_COMMENTS_KEY] = ([*map(list, own_comment_keys().items()), [comment_id, key]])[-limit:]


def own_comment_keys() -> dict[int, str]:
    """The comments (id: key) this reader posted that may still await moderation."""
    kept = session.get(OWN_COMMENTS_KEY, [])
    return {
        entry[0]: entry[1] for entry in kept if isinstance(kept, list)
        and isinstance(entry, list) and len(entry) == 2 and type(entry[0]) is int and isinstance(entry[1], str)
    }


def is_own(comment, keys: dict[int, str]) -> bool:
    """Whether this reader's session holds the key of ``comment`` (a row with id and owner_digest)."""
    key = keys.get(comment.id)
    return key is not None and bool(comment.owner_digest) and hmac.compare_digest(key_digest(key), comment.owner_digest)


def forget_all_but(keys: dict[int, str], still_pending: set[int]) -> None:
    """Keep in the session only the comments that still await moderation."""
    if set(keys) != still_pending:
        session[OWN_COMMENTS_KEY] = [[i, key] for i, key in keys.items() if i in still_pending]
