"""What the outbox sender does besides sending: the moderators' digest and the daily purge.

``flask outbox send --watch`` calls ``run_periodic_jobs`` on every pass. Each
job is taken through storage/periodic.py, so a restarted sender neither skips
nor repeats it early, and of several senders only one runs it at a time. A
job that fails is logged and tried again later; it never stops the sending.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import current_app

from ..commenters.retention import purge
from ..extensions import db
from ..moderation.digest import DigestPass, send_digest
from ..storage import periodic

PURGE_JOB = "retention-purge"


def purge_if_due() -> dict[str, int] | None:
    """Run the retention purge (``flask purge``) if OUTBOX_PURGE_HOURS have passed; what it removed, or None."""
    hours = current_app.config["OUTBOX_PURGE_HOURS"]
    if hours <= 0 or not periodic.take(PURGE_JOB, timedelta(hours=hours)):
        return None
    try:
        counts = purge(current_app.config["CLIENT_HASH_RETENTION_DAYS"])
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        periodic.finish(PURGE_JOB, f"{type(error).__name__}: {error}")
        raise
    periodic.finish(PURGE_JOB)
    return counts


def _digest() -> str | None:
    done: DigestPass = send_digest()
    return f"digest: {done.comments} held comments, {done.mails} mails" if done.mails else None


def _purge() -> str | None:
    counts = purge_if_due()
    if counts is None:
        return None
    return "purge removed: " + ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in counts.items())


def _run(name: str, job: Callable[[], str | None]) -> str | None:
    try:
        return job()
    except Exception as error:  # logged; the sender keeps sending
        current_app.logger.exception("The outbox sender's %s failed", name)
        return f"{name} failed: {error}"


def run_periodic_jobs() -> list[str]:
    """The digest, then the purge, each when due; a line for each that did something or failed."""
    return [line for line in (_run("digest", _digest), _run("purge", _purge)) if line]
