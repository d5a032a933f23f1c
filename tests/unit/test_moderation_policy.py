"""The policy on its own: facts in, status and reason out."""

from __future__ import annotations

from datetime import timedelta

from blogapp.comments.policy import DEFAULT_REASON, Facts, Rules, comments_open, decide
from blogapp.storage.models import Article, CommentStatus, utcnow

RULES = Rules(
    max_links=2,
    moderation_words=("casino",),
    blocked_words=("viagra",),
    blocked_emails=("bot@spam.example", "@junk.example"),
    blocked_urls=("spam.example",),
    blocked_clients=("abc123",),
    min_seconds=3,
)


def facts(**overrides) -> Facts:
    values = {"body": "Nice article.", "author_email": "ana@example.org", "seconds_to_submit": 30.0}
    values.update(overrides)
    return Facts(**values)


def test_an_ordinary_comment_waits_for_a_moderator():
    decision = decide(facts(), RULES)
    assert (decision.status, decision.reason) == (CommentStatus.PENDING, DEFAULT_REASON)


def test_spam_rules_win_over_hold_rules():
    decision = decide(facts(body="casino viagra"), RULES)
    assert decision == decide(facts(body="viagra"), RULES)
    assert decision.status == CommentStatus.SPAM
    assert decision.reason == "contains the blocked word 'viagra'"


def test_each_block_list():
    cases = {
        "email address is on the block list (bot@spam.example)": facts(author_email="Bot@Spam.example"),
        "email address is on the block list (@junk.example)": facts(author_email="x@junk.example"),
        "links to a blocked address (spam.example)": facts(links=("https://www.spam.example/buy",)),
        "sent from a blocked client": facts(client_hash="abc123"),
    }
    for reason, case in cases.items():
        decision = decide(case, RULES)
        assert (decision.status, decision.reason) == (CommentStatus.SPAM, reason)


def test_too_fast_and_forged_timestamps_are_spam_only_when_the_rule_is_on():
    assert decide(facts(seconds_to_submit=1.2), RULES).reason == "sent 1.2 s after the form was shown (too fast)"
    assert decide(facts(seconds_to_submit=None), RULES).reason == "the form's signed timestamp was missing or forged"
    off = Rules(min_seconds=0)
    assert decide(facts(seconds_to_submit=None), off).status == CommentStatus.PENDING


def test_staff_and_known_authors_are_approved():
    assert decide(facts(from_staff=True, body="casino"), RULES).status == CommentStatus.APPROVED
    assert decide(facts(known_author=True), RULES).status == CommentStatus.PENDING
    auto = Rules(auto_approve_known_authors=True)
    assert decide(facts(known_author=True), auto).status == CommentStatus.APPROVED
    # A held comment stays held, known author or not.
    assert decide(facts(known_author=True, body="casino"), Rules(moderation_words=("casino",), auto_approve_known_authors=True)).status == CommentStatus.PENDING


def test_comments_close_with_the_switch_or_with_age():
    now = utcnow()
    article = Article(comments_open=True, published_at=now - timedelta(days=10))
    assert comments_open(article, 0, now)
    assert comments_open(article, 10, now)
    assert not comments_open(article, 9, now)
    article.comments_open = False
    assert not comments_open(article, 0, now)
