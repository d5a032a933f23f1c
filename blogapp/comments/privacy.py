"""Keep as little about readers as the job needs."""

from __future__ import annotations

import hashlib
import hmac


def client_hash(address: str | None, secret_key: str) -> str:
    """A keyed hash of a client address: equal for repeat visits, useless to reverse."""
    if not address:
        return ""
    return hmac.new(secret_key.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
