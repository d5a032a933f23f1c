"""Keep as little about readers as the job needs."""

from __future__ import annotations

# The hash lives with the pure functions, so that the request log can write it too.
from ..text.clients import client_hash

__all__ = ["client_hash"]
