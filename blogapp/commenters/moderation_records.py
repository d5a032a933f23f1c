"""What moderation keeps that names a commenter: their reports of others' comments, and bans.

A reader's report keeps their client hash (one report per reader per
comment); erased, the report still counts, under a name of its own. A ban
a moderator has lifted is history, and loses the address and hash. A ban
still in force, and the block-list entries it made, stay as they are:
erasing one's data must not be a way to lift one's ban (the privacy page
says so).
"""

from __future__ import annotations

from sqlalchemy import String, cast, exists, literal, or_, select, update

from ..extensions import db
from ..storage.models import Ban, CommentReport


def _lifted_bans(traces):
    named = [Ban.email == traces.email]
    if traces.hashes:
        named.append(Ban.client_hash.in_(traces.hashes))
    return Ban.lifted_at.is_not(None) & or_(*named) & ((Ban.email != "") | (Ban.client_hash != ""))


def _reports(traces):
    return CommentReport.client_hash.in_(traces.hashes)


def holds_moderation(traces) -> bool:
    found = exists().where(_lifted_bans(traces))
    if traces.hashes:
        found = found | exists().where(_reports(traces))
    return bool(db.session.scalar(select(found)))


def erase_moderation(traces, _mode: str) -> int:
    changed = db.session.execute(
        update(Ban).where(_lifted_bans(traces)).values(email="", client_hash="")
        .execution_options(synchronize_session=False)
    ).rowcount
    if traces.hashes:
        # Unique per comment and reader: each erased report gets a name of its own.
        pseudonym = literal("erased-") + cast(CommentReport.id, String)
        changed += db.session.execute(
            update(CommentReport).where(_reports(traces)).values(client_hash=pseudonym)
            .execution_options(synchronize_session=False)
        ).rowcount
    return changed
