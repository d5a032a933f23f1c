"""Banning a commenter from a queue row, and lifting the ban.

A ban puts the comment's email address and client hash on the block lists
and sends every comment from either to spam, through the queue's own spam
action (so counts, the page cache and the audit log follow as for any
action). It remembers where each comment was, so lifting it puts them back:
those still in spam return to their old status, and the block entries the
ban added are removed (entries that were already there stay).
"""

from __future__ import annotations

from sqlalchemy import or_, select

from ..comments.blocklists import find_entry
from ..extensions import db
from ..storage.models import Ban, BanMove, BlockEntry, BlockKind, Comment, CommentStatus, User, utcnow
from .actions import ACTIONS, apply, record

# The action that takes a comment back from spam to the status it had.
BACK_FROM_SPAM = {CommentStatus.APPROVED: "approve", CommentStatus.PENDING: "restore",
                  CommentStatus.TRASH: "trash"}


class CannotBan(ValueError):
    """The comment names no one to ban (staff, or neither email nor client)."""


def comments_from(email: str, client_hash: str) -> list[Comment]:
    """Readers' comments sent from ``email`` or from the client ``client_hash``."""
    who = [Comment.author_email == email] if email else []
    who += [Comment.client_hash == client_hash] if client_hash else []
    query = select(Comment).where(or_(*who), Comment.from_staff.is_(False)).order_by(Comment.id)
    return list(db.session.scalars(query))


def ban_author(comment: Comment, user: User) -> tuple[Ban, int]:
    """Ban the author of ``comment``; returns the ban and how many comments went to spam.

    :raise CannotBan: for a staff comment, or one with neither email nor client hash.
    """
    email, client = comment.author_email.strip().lower(), comment.client_hash
    if comment.from_staff or not (email or client):
        raise CannotBan("This comment names no reader to ban (no email address or client), so nothing changed.")
    ban = Ban(comment_id=comment.id, email=email, client_hash=client, username=user.username)
    db.session.add(ban)
    db.session.flush()
    for kind, value in ((BlockKind.EMAIL, email), (BlockKind.CLIENT, client)):
        if value and find_entry(kind, value) is None:
            db.session.add(BlockEntry(kind=kind, value=value, note=f"ban from comment {comment.id}", ban_id=ban.id))
    theirs = [c for c in comments_from(email, client) if c.status != CommentStatus.SPAM]
    ban.moves = [BanMove(comment_id=c.id, previous_status=c.status) for c in theirs]
    moved, _ = apply(ACTIONS["spam"], theirs, user)
    record(user, "ban", comment.id, f"ban {ban.id}: {_who(ban)} blocked, {moved} comments to spam")
    return ban, moved


def lift_ban(ban: Ban, user: User) -> int:
    """Lift ``ban``: its block entries go, its comments still in spam go back; returns how many."""
    entries = db.session.scalars(select(BlockEntry).where(BlockEntry.ban_id == ban.id))
    for entry in entries:
        db.session.delete(entry)
    back = 0
    for move in ban.moves:
        comment = db.session.get(Comment, move.comment_id)
        if comment is not None and comment.status == CommentStatus.SPAM:
            back += apply(ACTIONS[BACK_FROM_SPAM[move.previous_status]], [comment], user)[0]
    ban.lifted_at = utcnow()
    record(user, "unban", ban.comment_id, f"ban {ban.id}: {_who(ban)} unblocked, {back} comments back")
    return back


def active_bans() -> list[Ban]:
    return list(db.session.scalars(select(Ban).where(Ban.lifted_at.is_(None)).order_by(Ban.id.desc())))


def ban_of(comment: Comment, bans: list[Ban]) -> Ban | None:
    """The active ban (of ``bans``) that covers the author of ``comment``, if any."""
    email = comment.author_email.strip().lower()
    return next((ban for ban in bans if (email and ban.email == email)
                 or (comment.client_hash and ban.client_hash == comment.client_hash)), None)


def _who(ban: Ban) -> str:
    parts = [ban.email] if ban.email else []
    parts += [f"client {ban.client_hash[:12]}"] if ban.client_hash else []
    return " and ".join(parts)
