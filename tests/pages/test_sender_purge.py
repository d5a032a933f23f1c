"""The retention purge run by the watching outbox sender: once a day, remembered across restarts, by one sender at a time."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from blogapp.cli.sender_jobs import PURGE_JOB, purge_if_due
from blogapp.extensions import db
from blogapp.storage.models import Comment, PeriodicRun, utcnow

from helpers.servers import free_port


@pytest.fixture
def sender(app, runner):
    """``sender()`` starts `flask outbox send --watch` for one pass, as a (re)started sender does, and returns its output."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)

    def one_pass() -> str:
        result = runner.invoke(args=["outbox", "send", "--watch", "--passes", "1"])
        assert result.exit_code == 0, result.output
        return result.output

    return one_pass


def old_comment(make, article=None, hash_="a" * 64):
    return make.comment(article or make.article(), client_hash=hash_, created_at=utcnow() - timedelta(days=40))


def hash_of(comment_id: int) -> str:
    db.session.expire_all()
    return db.session.scalar(select(Comment.client_hash).where(Comment.id == comment_id))


def a_day_passes() -> None:
    db.session.execute(update(PeriodicRun).where(PeriodicRun.name == PURGE_JOB)
                       .values(next_run_at=PeriodicRun.next_run_at - timedelta(hours=24)))
    db.session.commit()


def test_the_sender_purges_on_its_first_pass_and_then_once_a_day(app, make, sender):
    first = old_comment(make)
    recent = make.comment(first.article, client_hash="b" * 64)
    assert "purge removed: client hashes 1" in sender()
    assert hash_of(first.id) == "" and hash_of(recent.id) == "b" * 64
    run = db.session.get(PeriodicRun, PURGE_JOB)
    assert run.last_outcome == "" and run.last_finished_at is not None
    assert timedelta(hours=23) < run.next_run_at - utcnow() <= timedelta(hours=24)

    # Restarted within the day: no second purge.
    second = old_comment(make, first.article, "c" * 64)
    assert "purge" not in sender()
    assert hash_of(second.id) == "c" * 64
    a_day_passes()
    assert "purge removed: client hashes 1" in sender()
    assert hash_of(second.id) == ""


def test_outbox_purge_hours_zero_leaves_the_purge_to_cron(app, make, sender):
    app.config["OUTBOX_PURGE_HOURS"] = 0
    comment = old_comment(make)
    assert "purge" not in sender()
    assert hash_of(comment.id) == "a" * 64


def test_two_senders_at_once_purge_once(app, make):
    old_comment(make)
    results, start = [], threading.Barrier(2)

    def sender():
        with app.app_context():
            start.wait(timeout=30)
            results.append(purge_if_due())
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2 and sum(result is not None for result in results) == 1


def test_a_failed_purge_is_recorded_and_tried_again_within_the_hour(app, make, sender):
    app.config["CLIENT_HASH_RETENTION_DAYS"] = "not a number"  # the purge raises
    assert "purge failed" in sender()  # and the sender ended its pass normally
    run = db.session.get(PeriodicRun, PURGE_JOB)
    assert "TypeError" in run.last_outcome and run.next_run_at - utcnow() <= timedelta(hours=1)
