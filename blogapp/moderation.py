"""The moderation policy: which status a new comment starts in, and why.

No request objects here: the view gathers the facts, this module decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import CommentStatus


@dataclass(frozen=True)
class Decision:
    status: CommentStatus
    reason: str


def decide(*, honeypot_filled: bool) -> Decision:
    """Decide a new reader comment's status."""
    if honeypot_filled:
        return Decision(CommentStatus.SPAM, "hidden honeypot field was filled")
    return Decision(CommentStatus.PENDING, "new comments wait for a moderator")
