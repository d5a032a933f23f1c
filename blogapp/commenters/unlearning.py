"""The spam filter's part of an erasure: it counted their name, address and website.

Each comment that taught the filter something (spam/learning.py) is
un-learnt as it read, and, when anonymised, learnt again as it now reads, so
the lesson of their words stays while nothing of their identity does. A token
only they had taught (their website's host, say) is left at zero, and its row
is deleted.
"""

from __future__ import annotations

from sqlalchemy import delete

from ..extensions import db
from ..spam.learning import Lessons, comment_tokens
from ..storage.models import TOTALS_TOKEN, Comment, SpamToken


def unlearn(comments: list[Comment]) -> Lessons:
    """Count what ``comments`` taught, as they read now (before they change)."""
    lessons = Lessons()
    for comment in comments:
        if comment.spam_trained:
            lessons.count(comment_tokens(comment), comment.spam_trained, lessons.unlearnt)
    return lessons


def relearn(lessons: Lessons, anonymised: list[Comment]) -> None:
    """Learn ``anonymised`` comments again as they now read, write both, and drop tokens left at zero."""
    for comment in anonymised:
        if comment.spam_trained:
            lessons.count(comment_tokens(comment), comment.spam_trained, lessons.learnt)
    lessons.write()
    gone = set(lessons.unlearnt) - set(lessons.learnt) - {TOTALS_TOKEN}
    if gone:
        db.session.execute(delete(SpamToken).where(
            SpamToken.token.in_(gone), SpamToken.spam <= 0, SpamToken.ham <= 0))
