"""Periodic jobs of the outbox sender, taken by one sender at a time and remembered across restarts.

A job is due when its row's ``next_run_at`` has passed. Taking it is one
UPDATE that moves ``next_run_at`` on, conditioned on it having passed: on
SQLite writes run one at a time, and on PostgreSQL a second sender's UPDATE
waits for the first's row lock, then finds the condition false. Either way
exactly one sender gets a row back and runs the job; the others skip it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import PeriodicRun, utcnow

# After a run that failed, the job is tried again this soon rather than a whole period later.
RETRY_AFTER_FAILURE = timedelta(hours=1)


def _ensure_row(name: str, now: datetime) -> None:
    """A row for ``name``, due at once the first time (a fresh install purges on its first pass)."""
    if db.session.scalar(select(PeriodicRun.name).where(PeriodicRun.name == name)) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(PeriodicRun(name=name, next_run_at=now))
    except IntegrityError:
        pass  # another sender added it meanwhile: the same row


def take(name: str, every: timedelta, now: datetime | None = None) -> bool:
    """True when this caller may run job ``name`` now; it is then not due again for ``every``. Commits."""
    now = now or utcnow()
    _ensure_row(name, now)
    taking = (update(PeriodicRun).where(PeriodicRun.name == name, PeriodicRun.next_run_at <= now)
              .values(next_run_at=now + every, last_started_at=now, last_outcome=""))
    taken = db.session.execute(taking, execution_options={"synchronize_session": False}).rowcount == 1
    db.session.commit()
    return taken


def finish(name: str, error: str = "", retry: timedelta = RETRY_AFTER_FAILURE) -> None:
    """Record how the run went; after a failure the job is due again ``retry`` later. Commits."""
    now = utcnow()
    values = {"last_finished_at": now, "last_outcome": error[:300]}
    if error:
        values["next_run_at"] = now + retry
    db.session.execute(update(PeriodicRun).where(PeriodicRun.name == name).values(**values),
                       execution_options={"synchronize_session": False})
    db.session.commit()


def next_run(name: str) -> PeriodicRun | None:
    """The job's row (when it is due, how its last run went); None before its first run."""
    return db.session.get(PeriodicRun, name)
