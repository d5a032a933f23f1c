"""Moderators' one-time links: made for a mail, spent by the first moderation of their comment.

A link (comments/moderator_links.py signs it) carries a *mark*: the id of the
comment's latest moderation entry in the audit log when the mail was
written. It is good while the comment still waits and nothing has been done
to it since, so its first use, or anyone's action in the queue, spends every
link of that mail at once, without a table of used tokens. It also expires
after MODERATOR_LINK_HOURS, and acts only as the moderator it names.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..comments.moderator_links import LINK_ACTIONS, link_token
from ..extensions import db
from ..storage.models import AuditEntry
from ..web.addresses import absolute_url_for
from .actions import ACTIONS


def moderation_mark(comment_id: int) -> int:
    """The id of the comment's latest moderation action in the audit log (0: none yet)."""
    query = select(func.max(AuditEntry.id)).where(AuditEntry.comment_id == comment_id,
                                                  AuditEntry.action.in_(list(ACTIONS)))
    return db.session.scalar(query) or 0


def link_urls(comment_id: int, user_id: int) -> dict[str, str]:
    """Action name -> the absolute one-time link for this moderator (CANONICAL_URL, never the Host)."""
    mark = moderation_mark(comment_id)
    return {action: absolute_url_for("mod_links.show", token=link_token(comment_id, action, user_id, mark))
            for action in LINK_ACTIONS}


def action_since(comment_id: int, mark: int) -> AuditEntry | None:
    """The latest moderation action on the comment after ``mark``: what spent the link, if anything did."""
    query = (select(AuditEntry).where(AuditEntry.comment_id == comment_id, AuditEntry.id > mark,
                                      AuditEntry.action.in_(list(ACTIONS)))
             .order_by(AuditEntry.id.desc()).limit(1))
    return db.session.scalar(query)
