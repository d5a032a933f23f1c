"""Defaults for the spam filter that learns from the moderators (blogapp/spam/, docs/spam.md)."""

from __future__ import annotations


class SpamDefaults:
    """When the filter's score sends a comment to Spam."""

    # A comment scoring at least this goes to Spam, with the tokens that weighed most
    # as its reason. Chosen from the evaluation in docs/spam.md; 1.01 (above any score) turns it off.
    SPAM_THRESHOLD = 0.98
    # Until moderators have decided this many spam and this many genuine comments,
    # the filter only shows its scores and decides nothing.
    SPAM_MIN_TRAINING = 20
