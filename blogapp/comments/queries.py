"""Which comments a reader sees on an article page."""

from __future__ import annotations

from flask import current_app, session
from sqlalchemy import select

from ..extensions import db
from ..models import Article, Comment, CommentStatus

OWN_COMMENTS_KEY = "own_comments"


def remember_own_comment(comment_id: int) -> None:
    """Let this reader's session recognise the comment they just posted."""
    limit = current_app.config["PENDING_COMMENTS_REMEMBERED"]
    session[OWN_COMMENTS_KEY] = (session.get(OWN_COMMENTS_KEY, []) + [comment_id])[-limit:]


def comments_for_reader(article: Article) -> tuple[list[Comment], set[int]]:
    """Approved comments oldest first, plus the reader's own pending ones.

    Returns the comments to show and the ids among them that await moderation,
    which only their author's session can see.
    """
    own_ids = [i for i in session.get(OWN_COMMENTS_KEY, []) if isinstance(i, int)]
    visible = Comment.status == CommentStatus.APPROVED
    if own_ids:
        visible = visible | ((Comment.status == CommentStatus.PENDING) & Comment.id.in_(own_ids))
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.article_id == article.id, visible)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    own_pending = {c.id for c in comments if c.status == CommentStatus.PENDING}
    return list(comments), own_pending
