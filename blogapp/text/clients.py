"""Keep as little about readers as the job needs: a client's address as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac


def client_hash(address: str | None, secret_key: str) -> str:
    """A keyed hash of a client address: equal for repeat visits, useless to reverse.

    The same value is stored with a comment, shown in the queue, accepted by
    COMMENT_BLOCKED_CLIENTS and written in JSON log lines, so one can be
    matched with the others without the address ever being kept.
    """
    if not address:
        return ""
    return hmac.new(secret_key.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
