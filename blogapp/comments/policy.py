"""The moderation policy: which status a new comment starts in, and why.

No request objects here: the view gathers the facts, this module decides.
Rules run in a fixed order: staff first, then what makes a comment spam,
then what holds it for a moderator, then how much its category pre-moderates
(every comment, first-time authors', those with links, or none).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..storage.models import Article, CommentStatus, Premoderation

DEFAULT_REASON = "new comments wait for a moderator"
# Why a comment waits under each category mode that held it.
MODE_REASONS = {
    Premoderation.FIRST_TIME: "a first comment from this address waits for a moderator",
    Premoderation.LINKS: "comments with links wait for a moderator",
}


@dataclass(frozen=True)
class Decision:
    status: CommentStatus
    reason: str


@dataclass(frozen=True)
class Facts:
    """What the view knows about a new comment."""

    body: str
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    # Addresses of the links in the cleaned comment.
    links: tuple[str, ...] = ()
    client_hash: str = ""
    honeypot_filled: bool = False
    # Seconds between rendering the form and sending it; None when the
    # signed timestamp was missing or forged.
    seconds_to_submit: float | None = None
    # It carried the Origin or Sec-Fetch-Site header every current browser
    # sends with a form (a script that posts straight away rarely does).
    sent_by_browser: bool = True
    from_staff: bool = False
    # The email address already has an approved comment.
    known_author: bool = False
    # The spam filter's reason when its score reached SPAM_THRESHOLD, else '' (blogapp/spam/).
    spam_verdict: str = ""


@dataclass(frozen=True)
class Rules:
    """The configurable thresholds and lists (see ``config.Defaults``)."""

    max_links: int = 2
    moderation_words: tuple[str, ...] = ()
    blocked_words: tuple[str, ...] = ()
    blocked_emails: tuple[str, ...] = ()
    blocked_urls: tuple[str, ...] = ()
    blocked_clients: tuple[str, ...] = ()
    min_seconds: float = 0
    browsers_only: bool = False
    auto_approve_known_authors: bool = False
    # How much the article's category holds for a moderator (Premoderation).
    premoderation: Premoderation = Premoderation.ALL

    @classmethod
    def from_config(cls, config: Mapping) -> Rules:
        def words(key: str) -> tuple[str, ...]:
            return tuple(w.strip().lower() for w in config[key] if w.strip())

        return cls(
            max_links=config["COMMENT_MAX_LINKS"],
            moderation_words=words("COMMENT_MODERATION_WORDS"),
            blocked_words=words("COMMENT_BLOCKED_WORDS"),
            blocked_emails=words("COMMENT_BLOCKED_EMAILS"),
            blocked_urls=words("COMMENT_BLOCKED_URLS"),
            blocked_clients=words("COMMENT_BLOCKED_CLIENTS"),
            min_seconds=config["COMMENT_MIN_SECONDS"],
            browsers_only=config["COMMENT_BROWSERS_ONLY"],
            auto_approve_known_authors=config["COMMENT_AUTO_APPROVE_KNOWN_AUTHORS"],
        )


def decide(facts: Facts, rules: Rules) -> Decision:
    """Decide a new comment's status and the reason a moderator will see."""
    if facts.from_staff:
        return Decision(CommentStatus.APPROVED, "")
    spam_reason = _spam_reason(facts, rules)
    if spam_reason:
        return Decision(CommentStatus.SPAM, spam_reason)
    hold_reason = _hold_reason(facts, rules)
    if hold_reason:
        return Decision(CommentStatus.PENDING, hold_reason)
    return _premoderate(facts, rules)


def _premoderate(facts: Facts, rules: Rules) -> Decision:
    """A comment no rule stopped: published or held, as its category says."""
    mode = rules.premoderation
    publish = (
        mode == Premoderation.NONE
        or (mode == Premoderation.FIRST_TIME and facts.known_author)
        or (mode == Premoderation.LINKS and not (facts.links or facts.author_url))
        or (mode == Premoderation.ALL and rules.auto_approve_known_authors and facts.known_author)
    )
    if publish:
        return Decision(CommentStatus.APPROVED, "")
    return Decision(CommentStatus.PENDING, MODE_REASONS.get(mode, DEFAULT_REASON))


def _spam_reason(facts: Facts, rules: Rules) -> str:
    if facts.honeypot_filled:
        return "hidden honeypot field was filled"
    email = facts.author_email.lower()
    for blocked in rules.blocked_emails:
        if email and (email == blocked or (blocked.startswith("@") and email.endswith(blocked))):
            return f"email address is on the block list ({blocked})"
    addresses = [facts.author_url.lower(), *(link.lower() for link in facts.links)]
    for blocked in rules.blocked_urls:
        if any(blocked in address for address in addresses if address):
            return f"links to a blocked address ({blocked})"
    word = _first_word_in(rules.blocked_words, facts)
    if word:
        return f"contains the blocked word '{word}'"
    if facts.client_hash and facts.client_hash in rules.blocked_clients:
        return "sent from a blocked client"
    if rules.browsers_only and not facts.sent_by_browser:
        return "sent without the Origin and Sec-Fetch-Site headers a browser sends with a form"
    if rules.min_seconds > 0:
        if facts.seconds_to_submit is None:
            return "the form's signed timestamp was missing or forged"
        if facts.seconds_to_submit < rules.min_seconds:
            return f"sent {facts.seconds_to_submit:.1f} s after the form was shown (too fast)"
    return facts.spam_verdict


def _hold_reason(facts: Facts, rules: Rules) -> str:
    if len(facts.links) > rules.max_links:
        return f"has {len(facts.links)} links (more than {rules.max_links})"
    word = _first_word_in(rules.moderation_words, facts)
    if word:
        return f"contains the moderation word '{word}'"
    return ""


def _first_word_in(words: tuple[str, ...], facts: Facts) -> str:
    """The first of ``words`` found in any field the reader typed, or ''."""
    text = " ".join((facts.body, facts.author_name, facts.author_email, facts.author_url)).lower()
    return next((word for word in words if word in text), "")


def comments_open(article: Article, close_after_days: int, now: datetime) -> bool:
    """Whether readers may comment: the article's switch and the global age limit."""
    if not article.comments_open:
        return False
    if close_after_days and article.published_at is not None:
        return now - article.published_at <= timedelta(days=close_after_days)
    return True
