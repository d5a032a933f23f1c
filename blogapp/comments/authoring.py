"""What a comment's author may do from its private page: edit for a while, delete at any time."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request

from ..extensions import db
from ..storage.models import AuditEntry, Comment, CommentStatus, utcnow
from ..text.links import links_in
from ..text.sanitize import clean_comment, strip_control_characters
from ..web.forgery import from_a_browser
from .policy import Facts, Rules, decide
from .posting import has_approved_comment

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
    comment.body_raw = strip_control_characters(body)
    comment.body_html = clean_comment(body)
    rules = Rules.from_config(current_app.config)
    facts = Facts(
        body=comment.body_raw,
        author_name=comment.author_name,
        author_email=comment.author_email,
        author_url=comment.author_url,
        links=tuple(links_in(comment.body_html)),
        client_hash=comment.client_hash,
        # The "too fast" rule is about the first post: the private page proves a person came back.
        seconds_to_submit=float("inf"),
        sent_by_browser=from_a_browser(request.environ),
        known_author=rules.auto_approve_known_authors and has_approved_comment(comment.author_email, comment.id),
    )
    decision = decide(facts, rules)
    comment.status = status_after_edit(comment.status, decision.status)
    if comment.status != CommentStatus.APPROVED:
        comment.held_reason = decision.reason


def delete_by_author(comment: Comment) -> None:
    """Remove the comment everywhere; the audit log keeps that it happened, not the text."""
    db.session.add(AuditEntry(user_id=None, username=AUTHOR, action="author-delete", comment_id=comment.id))
    db.session.delete(comment)
