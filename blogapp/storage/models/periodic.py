"""Work the outbox sender does now and then (the daily purge, the moderators' digest): when it is next due."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db


class PeriodicRun(db.Model):
    """One periodic job, by name: when it may run next, and how its last run went.

    Kept in the database, not in a sender's memory, so a restarted sender
    neither skips the job nor runs it again early, and of several senders
    only the one whose UPDATE moves ``next_run_at`` runs it (storage/periodic.py).
    """

    __tablename__ = "periodic_runs"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_run_at: Mapped[datetime]
    last_started_at: Mapped[datetime | None]
    last_finished_at: Mapped[datetime | None]
    # "" while running or after a run that went well; otherwise what went wrong.
    last_outcome: Mapped[str] = mapped_column(String(300), default="")

    def __repr__(self) -> str:
        return f"<PeriodicRun {self.name} next={self.next_run_at}>"
