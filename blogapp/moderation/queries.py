"""What the moderation pages list: tabs, counts, comments, the audit log."""

from __future__ import annotations

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..storage.models import AuditEntry, Comment, CommentStatus

# The queue's tabs, in order: URL name -> the status it lists.
TABS = {
    "pending": CommentStatus.PENDING,
    "approved": CommentStatus.APPROVED,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.TRASH,
}


def tab_counts() -> dict[str, int]:
    """How many comments each tab holds, in one query."""
    rows = db.session.execute(select(Comment.status, func.count()).group_by(Comment.status)).all()
    counts = {CommentStatus(status): count for status, count in rows}
    return {tab: counts.get(status, 0) for tab, status in TABS.items()}


def pending_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.status == CommentStatus.PENDING)
    )


# How a tab may be sorted: URL name -> ORDER BY. The Spam tab's "score"
# puts the lowest scores first: that is where a genuine comment would be.
SORTS = {
    "": (Comment.created_at.desc(), Comment.id.desc()),
    "score": (Comment.spam_score.asc().nulls_last(), Comment.id.asc()),
}


def comments_in_tab(tab: str, page: int, sort: str = "") -> Pagination:
    """One page of a tab's comments, newest first (or as ``sort`` says), with their articles."""
    query = (
        select(Comment)
        .where(Comment.status == TABS[tab])
        # A reply shows (an excerpt of) the comment it answers.
        .options(joinedload(Comment.article), joinedload(Comment.parent))
        .order_by(*SORTS[sort])
    )
    per_page = current_app.config["COMMENTS_PER_QUEUE_PAGE"]
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def audit_entries(page: int) -> Pagination:
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    per_page = current_app.config["AUDIT_ENTRIES_PER_PAGE"]
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def comments_by_id(ids: list[int]) -> list[Comment]:
    if not ids:
        return []
    return list(db.session.scalars(select(Comment).where(Comment.id.in_(ids)).order_by(Comment.id)))
