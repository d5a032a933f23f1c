"""Measuring the filter on a labelled file: k-fold cross-validation, in memory.

Each line of the file is a JSON object ``{"text": ..., "spam": true}``, with
optional ``name``, ``email`` and ``website``. The examples are shuffled (with
a fixed seed, so a run can be repeated), cut into k folds, and each fold is
scored by a filter trained on the others, with the same tokens and arithmetic
as the live filter.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .combining import Counts, spam_score
from .tokens import tokenise

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995)
# The aim: at most 1 genuine comment in 200 sent to Spam.
AIM_FALSE_POSITIVE_RATE = 1 / 200


@dataclass(frozen=True)
class Example:
    tokens: tuple[str, ...]
    spam: bool


def read_examples(lines: Iterable[str]) -> list[Example]:
    """The labelled examples of a JSON Lines file; blank lines are skipped.

    :raise ValueError: naming the first line that is not a labelled example.
    """
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"line {number}: not JSON ({error.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not isinstance(item.get("spam"), bool):
            raise ValueError(f'line {number}: expected {{"text": "...", "spam": true or false}}')
        fields = [str(item.get(key) or "") for key in ("name", "email", "website")]
        examples.append(Example(tuple(tokenise(item["text"], *fields)), item["spam"]))
    return examples


class MemoryFilter:
    """The filter's counts in a dictionary, for evaluation."""

    def __init__(self) -> None:
        self.spam: Counter[str] = Counter()
        self.ham: Counter[str] = Counter()
        self.totals = Counts()

    def learn(self, example: Example) -> None:
        (self.spam if example.spam else self.ham).update(example.tokens)
        self.totals = Counts(self.totals.spam + example.spam, self.totals.ham + (not example.spam))

    def score(self, example: Example) -> float:
        counts = {t: Counts(self.spam[t], self.ham[t]) for t in example.tokens if t in self.spam or t in self.ham}
        return spam_score(counts, self.totals)[0]


def cross_validate(examples: list[Example], folds: int = 5, seed: int = 0) -> list[tuple[float, bool]]:
    """Every example's score from a filter trained on the other folds, as (score, is spam)."""
    order = list(examples)
    random.Random(seed).shuffle(order)
    scored = []
    for fold in range(folds):
        trained = MemoryFilter()
        for i, example in enumerate(order):
            if i % folds != fold:
                trained.learn(example)
        scored += [(trained.score(e), e.spam) for i, e in enumerate(order) if i % folds == fold]
    return scored


@dataclass(frozen=True)
class Rates:
    threshold: float
    spam_caught: int
    spam_total: int
    genuine_sent: int
    genuine_total: int

    @property
    def recall(self) -> float:
        return self.spam_caught / self.spam_total if self.spam_total else 0.0

    @property
    def precision(self) -> float:
        sent = self.spam_caught + self.genuine_sent
        return self.spam_caught / sent if sent else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.genuine_sent / self.genuine_total if self.genuine_total else 0.0


def lowest_threshold_within_aim(scored: list[tuple[float, bool]]) -> Rates | None:
    """The lowest of THRESHOLDS whose false-positive rate meets the aim, with its rates (or None)."""
    within = (rates(scored, t) for t in THRESHOLDS)
    return next((r for r in within if r.false_positive_rate <= AIM_FALSE_POSITIVE_RATE), None)


def rates(scored: list[tuple[float, bool]], threshold: float) -> Rates:
    """What sending every score at or above ``threshold`` to Spam would have done."""
    spam = [score for score, is_spam in scored if is_spam]
    genuine = [score for score, is_spam in scored if not is_spam]
    return Rates(threshold, sum(s >= threshold for s in spam), len(spam),
                 sum(s >= threshold for s in genuine), len(genuine))
