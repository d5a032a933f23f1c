"""A commenter's data, found by email address: export it, or erase it.

Each table that holds commenters' data is a ``Store`` in ``STORES``: what it
exports for an address, whether it holds anything of theirs, and how it
erases that. A later table (subscriptions, confirmations) joins by adding a
Store. What identifies them beyond the address (their names, websites,
client hashes and words, which other stores may quote) is gathered first,
as ``Traces``. Erasing comments goes through the ORM, so the listeners that
retire cached pages and keep article comment counts run (storage/effects.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import url_for
from sqlalchemy import exists, func, or_, select

from ..extensions import db
from ..storage.models import AuditEntry, Comment
from . import moderation_records as moderation
from . import settings_records as mail_settings
from . import unlearning
from .mail_records import erase_outbox, holds_outbox

ERASED_NAME = "a former reader"
ERASE_MODES = ("anonymise", "delete")


@dataclass(frozen=True)
class Traces:
    """What identifies one commenter, gathered from their comments before anything is erased."""

    email: str
    comment_ids: frozenset[int] = frozenset()
    hashes: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    websites: frozenset[str] = frozenset()
    texts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Store:
    name: str
    # address -> JSON-ready list (or None: nothing to show the commenter).
    export: Callable[[str], list | None]
    # Whether the store keeps anything of theirs (a cheap question, no export).
    holds: Callable[[Traces], bool]
    # (traces, mode) -> rows changed.
    erase: Callable[[Traces, str], int]
    # False for what the blog holds only because someone typed the address
    # (a confirmation link): that alone is no reason to mail it.
    about_them: bool = True


def normalise(email: str) -> str:
    return email.strip().lower()


def _by_address(email: str):
    return func.lower(func.trim(Comment.author_email)) == email


def _comments_of(email: str) -> list[Comment]:
    return list(db.session.scalars(select(Comment).where(_by_address(email)).order_by(Comment.id)))


def traces_of(email: str) -> Traces:
    comments = _comments_of(email)
    return Traces(
        email=email,
        comment_ids=frozenset(c.id for c in comments),
        hashes=frozenset(c.client_hash for c in comments if c.client_hash),
        # The name "a former reader" is everyone's after an erasure, nobody's trace.
        names=frozenset(c.author_name for c in comments if c.author_name and c.author_name != ERASED_NAME),
        websites=frozenset(c.author_url for c in comments if c.author_url),
        texts=frozenset(c.body_raw for c in comments if c.body_raw.strip()),
    )


def _export_comments(email: str) -> list:
    return [
        {
            "article": comment.article.title,
            "article_path": urlsplit(url_for("blog.article", slug=comment.article.slug)).path,
            "created_at": comment.created_at.isoformat(),
            "text": comment.body_raw,
            "status": comment.status.value,
        }
        for comment in _comments_of(email)
    ]


def _holds_comments(traces: Traces) -> bool:
    return bool(db.session.scalar(select(exists().where(_by_address(traces.email)))))


def _erase_comments(traces: Traces, mode: str) -> int:
    comments = _comments_of(traces.email)
    lessons = unlearning.unlearn(comments)
    for comment in comments:
        if mode == "delete":
            # Replies keep existing: parent_id is ON DELETE SET NULL.
            db.session.delete(comment)
        else:
            comment.author_name = ERASED_NAME
            comment.author_email = comment.author_url = comment.client_hash = ""
    unlearning.relearn(lessons, [] if mode == "delete" else comments)
    return len(comments)


def _mentioning(traces: Traces):
    needles = {traces.email, *traces.hashes}
    return or_(*(func.lower(AuditEntry.detail).contains(needle, autoescape=True) for needle in needles))


def _holds_audit(traces: Traces) -> bool:
    return bool(db.session.scalar(select(exists().where(_mentioning(traces)))))


def _erase_audit_details(traces: Traces, _mode: str) -> int:
    """Audit details name statuses today; any that mention the address or a hash lose their detail."""
    entries = list(db.session.scalars(select(AuditEntry).where(_mentioning(traces))))
    for entry in entries:
        entry.detail = "(erased on request)"
    return len(entries)


STORES = [
    Store("comments", _export_comments, _holds_comments, _erase_comments),
    Store("mail_settings", mail_settings.export_subscriptions, mail_settings.holds_subscriptions,
          mail_settings.erase_subscriptions),
    Store("confirmation_links", lambda _email: None, mail_settings.holds_confirmations,
          mail_settings.erase_confirmations, about_them=False),
    Store("moderation", lambda _email: None, moderation.holds_moderation, moderation.erase_moderation),
    Store("audit_log", lambda _email: None, _holds_audit, _erase_audit_details),
    Store("outbox", lambda _email: None, holds_outbox, erase_outbox),
]


def export(email: str) -> dict:
    """Everything kept for ``email``, ready for JSON."""
    email = normalise(email)
    found = {"email": email}
    for store in STORES:
        rows = store.export(email)
        if rows is not None:
            found[store.name] = rows
    return found


def holds_anything(email: str, links_too: bool = False) -> bool:
    """Whether any store keeps something of ``email``'s (comments, settings, mail, log entries;
    with ``links_too``, confirmation links mailed to it)."""
    email = normalise(email)
    stores = [store for store in STORES if store.about_them or links_too]
    # The comments store answers first; without comments, the address is all there is to look for.
    return bool(email) and any(store.holds(Traces(email)) for store in stores)


def erase(email: str, mode: str, by: str = "command line") -> dict[str, int]:
    """Erase (or anonymise) everything kept for ``email``; the caller commits.

    Returns rows changed per store. One audit entry, in ``by``'s name, says
    it happened, with counts only.
    """
    if mode not in ERASE_MODES:
        raise ValueError(f"ERASE_MODE must be one of {ERASE_MODES}, not {mode!r}")
    email = normalise(email)
    if not email:
        return {store.name: 0 for store in STORES}
    traces = traces_of(email)
    counts = {store.name: store.erase(traces, mode) for store in STORES}
    if any(counts.values()):
        db.session.add(AuditEntry(
            user_id=None, username=by, action="erase", comment_id=None,
            detail=f"commenter erased ({mode}): {counts['comments']} comments",
        ))
    return counts
