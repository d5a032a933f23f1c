"""Which comments a reader sees on an article page, and how replies nest.

An article's comments are shown in pages of threads: a thread is an approved
comment that answers no shown comment, with every approved reply beneath it.
One statement loads a page and its replies; the counts the page shows are the
article's own (comments/counts.py). Page 1 costs the same with ten comments
or ten thousand.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from flask import current_app
from sqlalchemy import bindparam, func, literal, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..storage.counts import thread_starts
from ..storage.models import Article, Comment, CommentStatus
from ..storage.reading import reading_connection
from .ownership import forget_all_but, is_own, own_comment_keys

# Guards against a parent loop in old data; far deeper than any thread.
MAX_ANCESTORS = 100
APPROVED, PENDING = CommentStatus.APPROVED, CommentStatus.PENDING
# What an article page shows of a comment, read as plain rows (no ORM objects to
# build); the raw text, email and client hash stay in the database.
SHOWN = (Comment.id, Comment.article_id, Comment.parent_id, Comment.author_name, Comment.author_url,
         Comment.body_html, Comment.status, Comment.created_at, Comment.from_staff, Comment.owner_digest)


class ShownRow(NamedTuple):
    """A row of ``SHOWN``, as a plain tuple: a Row finds each column by name
    in a few hundred nanoseconds, and a page reads ten of each of 50 comments."""

    id: int
    article_id: int
    parent_id: int | None
    author_name: str
    author_url: str
    body_html: str
    status: CommentStatus
    created_at: datetime
    from_staff: bool
    owner_digest: str


class Thread(NamedTuple):
    """A comment and the threads of the replies shown beneath it."""

    comment: ShownRow
    replies: list[Thread]


@dataclass
class CommentPage:
    """One page of an article's comment threads, as one reader sees it."""

    comments: list[ShownRow]
    own_pending: set[int]
    approved_count: int
    number: int
    pages: int


@functools.cache
def _page_statement(with_own_comments: bool, from_the_end: bool):
    """The page's statement, built once: it takes article_id, per_page, skip (and own_ids).

    ``from_the_end``: ``skip`` counts threads from the newest, not the oldest.
    """
    article_id = bindparam("article_id")
    order = (Comment.created_at.desc(), Comment.id.desc()) if from_the_end else (Comment.created_at, Comment.id)
    starts = (
        thread_starts(article_id)
        .order_by(*order)
        .limit(bindparam("per_page"))
        .offset(bindparam("skip"))
        .cte("page_starts")
    )
    # Walk down from the page's threads. The step filters on the parent's
    # status, not the reply's: a filter on the reply alone would let SQLite
    # (with ANALYZE statistics) build a Bloom filter over every comment.
    tree = select(starts.c.id, literal(APPROVED.value).label("status")).cte("page_tree", recursive=True)
    reply = aliased(Comment)
    tree = tree.union_all(
        select(reply.id, reply.status).join(tree, reply.parent_id == tree.c.id).where(tree.c.status == APPROVED.value)
    )
    visible = Comment.id.in_(select(tree.c.id).where(tree.c.status == APPROVED.value))
    if with_own_comments:
        # Across articles: the session forgets those no longer pending.
        visible = visible | (Comment.id.in_(bindparam("own_ids", expanding=True)) & (Comment.status == PENDING))
    return select(*SHOWN).where(visible).order_by(Comment.created_at, Comment.id)


def comment_page(article: Article, number: int) -> CommentPage | None:
    """Page ``number`` of the article's (an Article, or a row with its id and
    counts) threads plus the reader's own pending comments, read on the
    request's reading connection, where a page view reads its article too.

    Returns None when the article has no such page.
    """
    per_page = current_app.config["COMMENT_THREADS_PER_PAGE"]
    # The counts are the article's own (blogapp/storage/counts.py): read, not counted.
    threads = article.comment_threads
    pages = max(1, math.ceil(threads / per_page))
    if number > pages:
        return None
    # Skipping threads costs one index entry each: a page in the second half,
    # where each new comment's author lands, skips from the newest instead.
    first, end = (number - 1) * per_page, min(number * per_page, threads)
    from_the_end = threads - end < first
    skip = threads - end if from_the_end else first
    params = {"article_id": article.id, "per_page": end - first if from_the_end else per_page, "skip": skip}
    own_keys = own_comment_keys()
    if own_keys:
        params["own_ids"] = list(own_keys)
    result = reading_connection().execute(_page_statement(bool(own_keys), from_the_end), params)
    rows = [ShownRow(*row) for row in result]
    pending = {c.id: c for c in rows if c.status == PENDING and is_own(c, own_keys)}
    if own_keys:
        forget_all_but(own_keys, set(pending))
    shown = [c for c in rows if c.status == APPROVED]
    shown_ids = {c.id for c in shown}
    own_here = [
        c for c in pending.values()
        if c.article_id == article.id and (c.parent_id in shown_ids or (c.parent_id is None and number == pages))
    ]
    comments = sorted(shown + own_here, key=lambda c: (c.created_at, c.id))
    return CommentPage(comments, {c.id for c in own_here}, article.approved_comments, number, pages)


@functools.cache
def _starts_before():
    """Built once: how many of the article's threads start before a moment."""
    starts = thread_starts(bindparam("article_id")).subquery()
    moment, number = bindparam("moment"), bindparam("number")
    earlier = (starts.c.created_at < moment) | ((starts.c.created_at == moment) & (starts.c.id < number))
    return select(func.count()).select_from(starts).where(earlier)


def page_of(comment: Comment, threads: int | None = None) -> int:
    """The comment page on which ``comment`` (or, if pending, its place) is shown.

    ``threads``: the article's thread count, when the caller has read it in
    this transaction already.
    """
    per_page = current_app.config["COMMENT_THREADS_PER_PAGE"]
    start = comment
    for _ in range(MAX_ANCESTORS):
        parent = start.parent
        if parent is None or parent.status != APPROVED:
            break
        start = parent
    # Counts, not entities: run on the session's connection, past the ORM's layers.
    connection = db.session.connection()
    if start.status != APPROVED:
        # A pending comment of its own is shown after every thread, on the last page.
        if threads is None:
            threads = connection.scalar(select(Article.comment_threads).where(Article.id == comment.article_id))
        return max(1, math.ceil(threads / per_page))
    params = {"article_id": comment.article_id, "moment": start.created_at, "number": start.id}
    return connection.scalar(_starts_before(), params) // per_page + 1


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


def build_threads(comments: list[ShownRow], max_depth: int) -> list[Thread]:
    """Nest ``comments`` (oldest first) into threads at most ``max_depth`` deep.

    A reply whose parent is not shown starts a thread of its own.
    """
    parents = {c.id: c.parent_id for c in comments}
    threads = {c.id: Thread(c, []) for c in comments}
    top: list[Thread] = []
    for comment in comments:
        anchor = nest_under(ancestors(comment.id, parents), max_depth)
        (threads[anchor].replies if anchor is not None else top).append(threads[comment.id])
    return top


class ReplyTargetGone(LookupError):
    """The comment a reader replied to is not an approved comment here."""


def parent_for_reply(article_id: int, replied_to: int, max_depth: int) -> int | None:
    """The id a new reply hangs from, keeping threads within ``max_depth``.

    A reply to a comment already at the deepest level joins that level.

    :raise ReplyTargetGone: when ``replied_to`` is not an approved comment on the article.
    """
    target = db.session.get(Comment, replied_to)
    if target is None or target.article_id != article_id or target.status != APPROVED:
        raise ReplyTargetGone(replied_to)
    chain = [target.id]
    parent = target.parent
    while parent is not None and len(chain) < MAX_ANCESTORS + 1:
        chain.append(parent.id)
        parent = parent.parent
    return nest_under(chain, max_depth)
