"""Readers' reports of published comments: one per reader, and enough of them hide a comment.

A reader is known by the client hash (comments/privacy.py), as the block
lists know them: pages are shared, so a report carries nothing else of
theirs. At ``COMMENT_REPORTS_TO_HIDE`` reports the comment goes back to
pending for a moderator; approving it again marks its reports reviewed, so
they no longer count (and those readers cannot report it again).
"""

from __future__ import annotations

import enum

from sqlalchemy import func, select, update

from ..extensions import db
from ..storage.models import AuditEntry, Comment, CommentReport, CommentStatus
from ..storage.upserts import insert_new_rows


class Reported(enum.Enum):
    COUNTED = "counted"
    ALREADY = "already"
    HIDDEN = "hidden"


def unreviewed(comment_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(CommentReport).where(
        CommentReport.comment_id == comment_id, CommentReport.reviewed.is_(False)))


def report(comment: Comment, client_hash: str, to_hide: int) -> Reported:
    """Count one reader's report of ``comment`` (an approved one, locked by the caller)."""
    if not insert_new_rows(CommentReport, [{"comment_id": comment.id, "client_hash": client_hash}]):
        return Reported.ALREADY
    count = unreviewed(comment.id)
    if count < to_hide:
        return Reported.COUNTED
    comment.status = CommentStatus.PENDING
    comment.held_reason = f"reported by {count} readers"
    db.session.add(AuditEntry(user_id=None, username="(readers)", action="reported", comment_id=comment.id,
                              detail=f"approved → pending: reported by {count} readers"))
    return Reported.HIDDEN


def mark_reviewed(comment_ids: list[int]) -> None:
    """A moderator approved these comments: their reports so far are answered."""
    if comment_ids:
        db.session.execute(update(CommentReport).where(CommentReport.comment_id.in_(comment_ids),
                                                       CommentReport.reviewed.is_(False)).values(reviewed=True))


def report_counts(comment_ids: list[int]) -> dict[int, int]:
    """How many readers reported each comment and were not yet answered."""
    if not comment_ids:
        return {}
    rows = db.session.execute(
        select(CommentReport.comment_id, func.count()).where(CommentReport.comment_id.in_(comment_ids),
                                                            CommentReport.reviewed.is_(False))
        .group_by(CommentReport.comment_id))
    return dict(rows.all())
