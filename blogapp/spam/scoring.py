"""Scoring a comment as it is posted or edited, and the verdict the policy may act on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..storage.models import Comment
from . import store
from .combining import spam_score
from .learning import comment_tokens

# How many of the spammiest tokens the reason names (the issue asks for 3 to 5).
REASON_TOKENS = 5
REASON_LENGTH = 200


@dataclass(frozen=True)
class Judgement:
    score: float
    # The tokens that pushed the score up most, spammiest first.
    spammiest: tuple[str, ...]
    # Whether the filter has seen enough of both kinds to decide anything.
    trained: bool

    def reason(self, threshold: float) -> str:
        """The Spam reason the queue shows, or '' when the filter decides nothing."""
        if not self.trained or self.score < threshold:
            return ""
        tokens = ", ".join(token[:32] for token in self.spammiest)
        return f"spam score {self.score:.2f}: {tokens}"[:REASON_LENGTH]


def judge(comment: Comment, min_training: int) -> Judgement:
    """Rate ``comment`` against what moderators taught so far (one query)."""
    totals, counts = store.counts_for(comment_tokens(comment))
    score, clues = spam_score(counts, totals)
    spammiest = tuple(token for p, token in sorted(clues, reverse=True)[:REASON_TOKENS] if p > 0.5)
    trained = min(totals.spam, totals.ham) >= min_training
    return Judgement(score, spammiest, trained)


def score_comment(comment: Comment, config: Mapping) -> str:
    """Store the filter's score on ``comment``; return the Spam reason if the score decides, else ''."""
    judgement = judge(comment, config["SPAM_MIN_TRAINING"])
    comment.spam_score = judgement.score
    return judgement.reason(config["SPAM_THRESHOLD"])
