"""Which comments a reader sees on an article page, and how replies nest."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, session
from sqlalchemy import select

from ..extensions import db
from ..models import Article, Comment, CommentStatus

OWN_COMMENTS_KEY = "own_comments"
# Guards against a parent loop in old data; far deeper than any thread.
MAX_ANCESTORS = 100


@dataclass
class Thread:
    """A comment and the replies shown beneath it."""

    comment: Comment
    replies: list[Thread] = field(default_factory=list)


def remember_own_comment(comment_id: int) -> None:
    """Let this reader's session recognise the comment they just posted."""
    limit = current_app.config["PENDING_COMMENTS_REMEMBERED"]
    session[OWN_COMMENTS_KEY] = (session.get(OWN_COMMENTS_KEY, []) + [comment_id])[-limit:]


def comments_for_reader(article: Article) -> tuple[list[Comment], set[int]]:
    """Approved comments oldest first, plus the reader's own pending ones.

    One query for the whole page, replies included. Returns the comments to
    show and the ids among them that await moderation, which only their
    author's session can see.
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


def ancestors(comment_id: int, parents: dict[int, int | None]) -> list[int]:
    """Ids above ``comment_id`` in ``parents``, nearest first."""
    chain: list[int] = []
    parent = parents.get(comment_id)
    while parent is not None and parent in parents and len(chain) < MAX_ANCESTORS:
        chain.append(parent)
        parent = parents[parent]
    return chain


def nest_under(chain: list[int], max_depth: int) -> int | None:
    """Where a comment with ancestors ``chain`` is shown: its parent, or the
    ancestor at the deepest level allowed, or None for the top level."""
    index = max(len(chain) - max_depth + 1, 0)
    return chain[index] if index < len(chain) else None


def build_threads(comments: list[Comment], max_depth: int) -> list[Thread]:
    """Nest ``comments`` (oldest first) into threads at most ``max_depth`` deep.

    A reply whose parent is not shown starts a thread of its own.
    """
    parents = {c.id: c.parent_id for c in comments}
    threads = {c.id: Thread(c) for c in comments}
    top: list[Thread] = []
    for comment in comments:
        anchor = nest_under(ancestors(comment.id, parents), max_depth)
        (threads[anchor].replies if anchor is not None else top).append(threads[comment.id])
    return top


class ReplyTargetGone(LookupError):
    """The comment a reader replied to is not an approved comment here."""


def parent_for_reply(article: Article, replied_to: int, max_depth: int) -> int | None:
    """The id a new reply hangs from, keeping threads within ``max_depth``.

    A reply to a comment already at the deepest level joins that level.

    :raise ReplyTargetGone: when ``replied_to`` is not an approved comment on ``article``.
    """
    rows = db.session.execute(
        select(Comment.id, Comment.parent_id, Comment.status).where(Comment.article_id == article.id)
    ).all()
    if not any(row.id == replied_to and row.status == CommentStatus.APPROVED for row in rows):
        raise ReplyTargetGone(replied_to)
    parents = {row.id: row.parent_id for row in rows}
    return nest_under([replied_to, *ancestors(replied_to, parents)], max_depth)
