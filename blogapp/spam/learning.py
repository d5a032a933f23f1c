"""Learning from the queue: what a moderator decides about a comment is the filter's lesson.

Approved is a genuine comment ("ham"), spam is spam; sent back to pending, the
earlier lesson is un-learnt; in the trash, the lesson stays as it was (the
trash says "not here", not "spam" nor "fine"). Each comment records what it
taught (``Comment.spam_trained``), so a correction takes back exactly that,
and an edited text is un-learnt as it was and learnt as it now reads.
Staff comments never teach anything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..storage.models import TOTALS_TOKEN, Comment, CommentStatus
from . import store
from .tokens import tokenise

SPAM, HAM = "spam", "ham"
# The lesson each status teaches, "" none; a status not here (the trash) keeps whatever was learnt.
LESSON = {CommentStatus.APPROVED: HAM, CommentStatus.SPAM: SPAM, CommentStatus.PENDING: ""}


def comment_tokens(comment: Comment, body: str | None = None) -> list[str]:
    """The tokens of ``comment`` (with ``body`` in place of its text, for the text it had)."""
    text = comment.body_raw if body is None else body
    return tokenise(text, comment.author_name, comment.author_email, comment.author_url)


class Lessons:
    """Changes to the counts, gathered over several comments and written in two statements."""

    def __init__(self) -> None:
        self.learnt: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.unlearnt: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def count(self, tokens: Iterable[str], lesson: str, into: dict[str, list[int]]) -> None:
        index = 0 if lesson == SPAM else 1
        for token in (TOTALS_TOKEN, *tokens):
            into[token][index] += 1

    def write(self) -> None:
        store.subtract(self.unlearnt)
        store.add(self.learnt)


def follow(comment: Comment, lessons: Lessons, body_before: str | None = None) -> None:
    """Bring what ``comment`` taught in line with its status now (and its text, if it changed)."""
    if comment.from_staff:
        return
    wanted = LESSON.get(comment.status, comment.spam_trained)
    text_changed = body_before is not None and body_before != comment.body_raw
    if wanted == comment.spam_trained and not (wanted and text_changed):
        return
    if comment.spam_trained:
        lessons.count(comment_tokens(comment, body_before), comment.spam_trained, lessons.unlearnt)
    if wanted:
        lessons.count(comment_tokens(comment), wanted, lessons.learnt)
    comment.spam_trained = wanted


def follow_decisions(comments: Iterable[Comment]) -> None:
    """What the queue just did to ``comments`` (statuses already set), learnt in one go."""
    lessons = Lessons()
    for comment in comments:
        follow(comment, lessons)
    lessons.write()


def follow_edit(comment: Comment, body_before: str) -> None:
    """A moderator's (or the author's) new text: a comment that taught something teaches it as edited."""
    lessons = Lessons()
    follow(comment, lessons, body_before)
    lessons.write()


def forget(comment: Comment, body_before: str) -> None:
    """The author changed the text moderators judged: un-learn it until they judge the new one."""
    if comment.spam_trained and not comment.from_staff:
        lessons = Lessons()
        lessons.count(comment_tokens(comment, body_before), comment.spam_trained, lessons.unlearnt)
        lessons.write()
        comment.spam_trained = ""
