"""The learnt counts in the database: one query reads a comment's tokens, one statement adds a lesson.

Nothing is cached in a worker: every score reads the counts as they are now,
so a lesson learnt on one host counts on every other at once. The totals live
in the row ``TOTALS_TOKEN`` and come back with the tokens in the same query.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import bindparam, case, delete, text, update

from ..extensions import db
from ..storage.models import TOTALS_TOKEN, SpamToken
from .combining import Counts


# One statement text per database, whatever the number of tokens, so the
# driver prepares it once: SQLite reads the tokens from a JSON array, and
# PostgreSQL from an array parameter; both then look each one up by key.
COUNTS_QUERY = {
    "sqlite": text("SELECT token, spam, ham FROM spam_tokens WHERE token IN (SELECT value FROM json_each(:tokens))"),
    "postgresql": text("SELECT token, spam, ham FROM spam_tokens WHERE token = ANY(:tokens)"),
}


def counts_for(tokens: Iterable[str]) -> tuple[Counts, dict[str, Counts]]:
    """The totals, and the counts of those of ``tokens`` ever learnt, in one query."""
    # The connection of the session's transaction (posting has one open already).
    connection = db.session.connection()
    wanted = [TOTALS_TOKEN, *tokens]
    name = connection.dialect.name
    rows = connection.execute(COUNTS_QUERY[name], {"tokens": json.dumps(wanted) if name == "sqlite" else wanted})
    counts = {token: Counts(spam, ham) for token, spam, ham in rows}
    return counts.pop(TOTALS_TOKEN, Counts()), counts


def totals() -> Counts:
    return counts_for(())[0]


def _rows(changes: dict[str, list[int]]) -> list[dict]:
    # In token order: two moderators' transactions take their row locks in
    # the same order, so they never deadlock each other on PostgreSQL.
    return [{"t": t, "ds": s, "dh": h} for t, (s, h) in sorted(changes.items()) if s or h]


def add(changes: dict[str, list[int]]) -> None:
    """Count a lesson: ``changes`` maps each token to [spam, ham] comments to add."""
    rows = _rows(changes)
    if not rows:
        return
    table = SpamToken.__table__
    # Imported here: a worker that only posts and scores never needs these.
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = sqlite if db.session.get_bind().dialect.name == "sqlite" else postgresql
    statement = dialect.insert(table).values(token=bindparam("t"), spam=bindparam("ds"), ham=bindparam("dh"))
    statement = statement.on_conflict_do_update(
        index_elements=["token"],
        set_={"spam": table.c.spam + statement.excluded.spam, "ham": table.c.ham + statement.excluded.ham},
    )
    db.session.execute(statement, rows)


def subtract(changes: dict[str, list[int]]) -> None:
    """Un-learn a lesson counted before: ``changes`` as for ``add``, taken away (never below zero)."""
    rows = _rows(changes)
    if not rows:
        return
    table = SpamToken.__table__
    spam, ham = table.c.spam - bindparam("ds"), table.c.ham - bindparam("dh")
    statement = (
        update(table)
        .where(table.c.token == bindparam("t"))
        .values(spam=case((spam < 0, 0), else_=spam), ham=case((ham < 0, 0), else_=ham))
    )
    db.session.execute(statement, rows)


def forget_everything() -> None:
    """Empty the store (``flask spam train`` starts again from the moderators' decisions)."""
    db.session.execute(delete(SpamToken))
