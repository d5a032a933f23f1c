"""Robinson–Fisher: each token's spam probability, and the chi-square combination of the clearest.

Pure arithmetic, as SpamBayes' classifier does it (its defaults kept): a
token's probability is Robinson's f(w), the ratio of spam to genuine
comments that held it pulled towards 1/2 when seen rarely; the at most 150
tokens farthest from 1/2 (and at least 0.1 away) are combined by Fisher's
method, once as evidence of spam and once of ham, and the score is
(1 + S - H) / 2: near 1 spam, near 0 genuine, near 1/2 unsure.
"""

from __future__ import annotations

import math
from typing import NamedTuple

UNKNOWN_PROBABILITY = 0.5
UNKNOWN_STRENGTH = 0.45
MIN_DISTANCE = 0.1
MAX_CLUES = 150


class Counts(NamedTuple):
    """How many learnt spam and genuine comments held a token (or, for the totals, there were)."""

    spam: int = 0
    ham: int = 0


def token_probability(token: Counts, totals: Counts) -> float:
    """Robinson's f(w): the chance a comment holding this token is spam."""
    spam_ratio = token.spam / totals.spam if totals.spam else 0.0
    ham_ratio = token.ham / totals.ham if totals.ham else 0.0
    if spam_ratio + ham_ratio == 0:
        return UNKNOWN_PROBABILITY
    probability = spam_ratio / (spam_ratio + ham_ratio)
    seen = token.spam + token.ham
    return (UNKNOWN_STRENGTH * UNKNOWN_PROBABILITY + seen * probability) / (UNKNOWN_STRENGTH + seen)


def chi2_survival(chi2: float, freedom: int) -> float:
    """P(X >= chi2) for X chi-square distributed with an even number of degrees of freedom."""
    half = chi2 / 2.0
    term = total = math.exp(-half)
    for i in range(1, freedom // 2):
        term *= half / i
        total += term
    return min(total, 1.0)


def clues(probabilities: dict[str, float]) -> list[tuple[float, str]]:
    """The tokens that say most, as (probability, token), clearest first."""
    clear = [(p, t) for t, p in probabilities.items() if abs(p - 0.5) >= MIN_DISTANCE]
    clear.sort(key=lambda clue: (-abs(clue[0] - 0.5), clue[1]))
    return clear[:MAX_CLUES]


def combine(probabilities: list[float]) -> float:
    """Fisher's combination of the clues' probabilities into one spam score in [0, 1]."""
    if not probabilities:
        return UNKNOWN_PROBABILITY
    # Sums of logarithms: a product of 150 small numbers would underflow.
    ham_evidence = sum(math.log(max(p, 1e-300)) for p in probabilities)
    spam_evidence = sum(math.log(max(1.0 - p, 1e-300)) for p in probabilities)
    freedom = 2 * len(probabilities)
    spam = 1.0 - chi2_survival(-2.0 * spam_evidence, freedom)
    ham = 1.0 - chi2_survival(-2.0 * ham_evidence, freedom)
    return (spam - ham + 1.0) / 2.0


def spam_score(counts: dict[str, Counts], totals: Counts) -> tuple[float, list[tuple[float, str]]]:
    """The score of a comment whose tokens have ``counts``, and the clues it rests on."""
    chosen = clues({token: token_probability(c, totals) for token, c in counts.items()})
    return combine([p for p, _ in chosen]), chosen
