"""What a comment's author may do from its private page: edit for a while, delete at any time."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from ..extensions import db
from ..storage.models import AuditEntry, Comment, CommentStatus, utcnow
from ..spam.learning import forget
from ..text.sanitize import clean_comment, strip_control_characters
from .posting import decide_about

# Shown in the audit log as who did it: the author has no account.
AUTHOR = "(the author)"


def edit_deadline(comment: Comment):
    return comment.created_at + timedelta(minutes=current_app.config["COMMENT_EDIT_MINUTES"])


def can_edit(comment: Comment) -> bool:
    """Inside the edit window, and not a comment moderators have put in spam or trash."""
    return comment.status in (CommentStatus.PENDING, CommentStatus.APPROVED) and utcnow() < edit_deadline(comment)


def status_after_edit(before: CommentStatus, decided: CommentStatus) -> CommentStatus:
    """An edit never raises a comment: approved may stay so or go back; pending stays pending unless spam."""
    if decided == CommentStatus.SPAM:
        return CommentStatus.SPAM
    if before == CommentStatus.APPROVED and decided == CommentStatus.APPROVED:
        return CommentStatus.APPROVED
    return CommentStatus.PENDING


def edit_by_author(comment: Comment, body: str) -> None:
    """The author's new text, cleaned and put through the moderation rules again."""
    forget(comment, comment.body_raw)
    comment.body_raw = strip_control_characters(body)
    comment.body_html = clean_comment(body)
    # The "too fast" rule is about the first post: the private page proves a person came back.
    decision = decide_about(comment, seconds_to_submit=float("inf"), other_than=comment.id)
    comment.status = status_after_edit(comment.status, decision.status)
    if comment.status != CommentStatus.APPROVED:
        comment.held_reason = decision.reason


def delete_by_author(comment: Comment) -> None:
    """Remove the comment everywhere; the audit log keeps that it happened, not the text."""
    db.session.add(AuditEntry(user_id=None, username=AUTHOR, action="author-delete", comment_id=comment.id))
    db.session.delete(comment)
