"""What moderators do to comments, each step written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from ..commenters.comment_mail import comment_approved
from ..comments.queries import parent_for_reply
from ..comments.reports import mark_reviewed
from ..extensions import db
from ..spam.learning import follow_decisions, follow_edit
from ..storage.models import AuditEntry, Comment, CommentStatus, User
from ..text.sanitize import clean_comment, strip_control_characters

PENDING, APPROVED, SPAM, TRASH = (
    CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.SPAM, CommentStatus.TRASH
)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    # Completes "3 comments ...".
    done: str
    # The new status; None deletes the comment for good.
    target: CommentStatus | None
    allowed_from: frozenset[CommentStatus]


ACTIONS = {
    action.name: action
    for action in (
        Action("approve", "Approve", "approved", APPROVED, frozenset({PENDING, SPAM, TRASH})),
        Action("unapprove", "Unapprove", "sent back to pending", PENDING, frozenset({APPROVED})),
        Action("spam", "Spam", "marked as spam", SPAM, frozenset({PENDING, APPROVED, TRASH})),
        Action("trash", "Trash", "moved to the trash", TRASH, frozenset({PENDING, APPROVED, SPAM})),
        Action("restore", "Restore", "restored to pending", PENDING, frozenset({SPAM, TRASH})),
        Action("delete", "Delete permanently", "deleted permanently", None, frozenset({TRASH})),
    )
}

# The buttons each tab offers, in order.
TAB_ACTIONS = {
    "pending": ("approve", "spam", "trash"),
    "approved": ("unapprove", "spam", "trash"),
    "spam": ("restore", "approve", "trash"),
    "trash": ("restore", "delete"),
}


def record(user: User, action: str, comment_id: int | None, detail: str = "") -> None:
    """Add an audit entry; it is committed with the change it describes."""
    db.session.add(
        AuditEntry(user_id=user.id, username=user.username, action=action, comment_id=comment_id, detail=detail)
    )


def apply(action: Action, comments: list[Comment], user: User) -> tuple[int, int]:
    """Apply ``action`` where the comment's status allows it.

    Returns how many comments changed and how many were skipped.
    """
    changed = []
    for comment in comments:
        if comment.status not in action.allowed_from:
            continue
        target = action.target.value if action.target else "deleted"
        record(user, action.name, comment.id, f"{comment.status.value} → {target}")
        if action.target is None:
            db.session.delete(comment)
        else:
            comment.status = action.target
        changed.append(comment)
    if action.target == APPROVED:
        for comment in changed:  # once all are approved: a reply approved with its parent counts
            comment_approved(comment)  # the commenters' mail, into the outbox in this transaction
    # The spam filter learns from the decision (a deleted comment's lesson stays).
    follow_decisions(c for c in changed if action.target is not None)
    if action.target == APPROVED:
        mark_reviewed([c.id for c in changed])  # readers' reports so far are answered: they hide it no more
    return len(changed), len(comments) - len(changed)


def edit_text(comment: Comment, body: str, user: User) -> None:
    """Replace a comment's text, cleaned again as if the reader had sent it."""
    before = comment.body_raw
    comment.body_raw = strip_control_characters(body)
    comment.body_html = clean_comment(body)
    follow_edit(comment, before)
    record(user, "edit", comment.id, "text edited")


def publish_reply(parent: Comment, body: str, user: User, max_depth: int) -> Comment:
    """A staff reply, approved at once; a pending parent is approved with it."""
    if parent.status == PENDING:
        apply(ACTIONS["approve"], [parent], user)
        db.session.flush()
    reply = Comment(
        article=parent.article,
        parent_id=parent_for_reply(parent.article_id, parent.id, max_depth),
        author_name=user.username,
        body_raw=strip_control_characters(body),
        body_html=clean_comment(body),
        status=APPROVED,
        from_staff=True,
        user_id=user.id,
    )
    db.session.add(reply)
    db.session.flush()
    record(user, "reply", reply.id, f"reply to comment {parent.id}")
    comment_approved(reply)
    return reply
