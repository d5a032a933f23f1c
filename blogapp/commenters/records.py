"""A commenter's data, found by email address: export it, or erase it.

Each table that holds commenters' data is a ``Store`` in ``STORES``, with
one function that exports what it holds for an address and one that erases
it. A later table (subscriptions, confirmations) joins by adding a Store.
Erasing goes through the ORM, so the listeners that retire cached pages and
keep article comment counts run (storage/effects.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import url_for
from sqlalchemy import func, or_, select

from ..extensions import db
from ..storage.models import AuditEntry, Comment, OutboxMail

ERASED_NAME = "a former reader"
ERASE_MODES = ("anonymise", "delete")


@dataclass(frozen=True)
class Store:
    name: str
    # address -> JSON-ready list (or None: nothing to show the commenter).
    export: Callable[[str], list | None]
    # (address, mode, client hashes of theirs) -> rows changed.
    erase: Callable[[str, str, set[str]], int]


def normalise(email: str) -> str:
    return email.strip().lower()


def _comments_of(email: str) -> list[Comment]:
    query = select(Comment).where(func.lower(func.trim(Comment.author_email)) == email).order_by(Comment.id)
    return list(db.session.scalars(query))


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


def _erase_comments(email: str, mode: str, _hashes: set[str]) -> int:
    comments = _comments_of(email)
    for comment in comments:
        if mode == "delete":
            # Replies keep existing: parent_id is ON DELETE SET NULL.
            db.session.delete(comment)
        else:
            comment.author_name = ERASED_NAME
            comment.author_email = comment.author_url = comment.client_hash = ""
    return len(comments)


def _mentioning(column, needles: set[str]):
    return or_(*(func.lower(column).contains(needle, autoescape=True) for needle in needles))


def _erase_audit_details(email: str, _mode: str, hashes: set[str]) -> int:
    """Audit details name statuses today; any that mention the address or a hash lose their detail."""
    entries = db.session.scalars(select(AuditEntry).where(_mentioning(AuditEntry.detail, {email, *hashes})))
    changed = 0
    for entry in entries:
        entry.detail = "(erased on request)"
        changed += 1
    return changed


def _erase_outbox(email: str, _mode: str, _hashes: set[str]) -> int:
    """Mail to or about the address (a held comment's notice names its author) is dropped, sent or not."""
    mails = list(db.session.scalars(
        select(OutboxMail).where(_mentioning(OutboxMail.recipients, {email}) | _mentioning(OutboxMail.message, {email}))
    ))
    for mail in mails:
        db.session.delete(mail)
    return len(mails)


STORES = [
    Store("comments", _export_comments, _erase_comments),
    Store("audit_log", lambda _email: None, _erase_audit_details),
    Store("outbox", lambda _email: None, _erase_outbox),
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


def erase(email: str, mode: str) -> dict[str, int]:
    """Erase (or anonymise) everything kept for ``email``; the caller commits.

    Returns rows changed per store. One audit entry says it happened, with counts only.
    """
    if mode not in ERASE_MODES:
        raise ValueError(f"ERASE_MODE must be one of {ERASE_MODES}, not {mode!r}")
    email = normalise(email)
    if not email:
        return {store.name: 0 for store in STORES}
    hashes = {comment.client_hash for comment in _comments_of(email) if comment.client_hash}
    counts = {store.name: store.erase(email, mode, hashes) for store in STORES}
    if any(counts.values()):
        db.session.add(AuditEntry(
            user_id=None, username="command line", action="erase", comment_id=None,
            detail=f"commenter erased ({mode}): {counts['comments']} comments",
        ))
    return counts
