"""The outbox: mail waits in the database until `flask outbox send` delivers it, once."""

from __future__ import annotations

import threading
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.mail.outbox import enqueue
from blogapp.mail.sending import send_due
from blogapp.storage.models import Comment, CommentStatus, OutboxMail, utcnow

from helpers.mail import start_sink
from helpers.servers import free_port


@pytest.fixture
def mail_port(app):
    """A port nothing listens on yet: the SMTP server is down until a test starts one there."""
    port = free_port()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=2, MAIL_SENDER="blog@example.org",
                      MODERATOR_EMAILS=["mia@example.org"])
    return port


def outbox_rows() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def test_a_held_comment_waits_in_the_outbox_and_is_sent_once(app, make, post_comment, runner, mail_port):
    sink = start_sink(mail_port)
    try:
        assert post_comment(make.article(), body="Held for a moderator").status_code == 303
        # The request wrote the mail; it did not send it.
        assert sink.handler.messages == []
        [mail] = outbox_rows()
        assert mail.kind == "held-comment" and mail.recipients == "mia@example.org" and mail.sent_at is None
        first = runner.invoke(args=["outbox", "send"])
        again = runner.invoke(args=["outbox", "send"])
    finally:
        sink.stop()
    assert first.output.strip() == "sent 1, failed 0" and again.output.strip() == "sent 0, failed 0"
    assert len(sink.handler.messages) == 1
    assert "Held for a moderator" in sink.handler.messages[0].get_payload(decode=True).decode()
    assert outbox_rows()[0].sent_at is not None
    assert "The outbox is empty" in runner.invoke(args=["outbox", "list"]).output


def test_smtp_down_keeps_the_comment_and_the_mail_until_it_is_up(app, make, post_comment, runner, mail_port):
    app.config["OUTBOX_RETRY_SECONDS"] = 0  # the next pass may retry at once
    assert post_comment(make.article(), body="Wait for me").status_code == 303
    down = runner.invoke(args=["outbox", "send"])
    assert "sent 0, failed 1" in down.output
    [mail] = outbox_rows()
    assert mail.attempts == 1 and mail.sent_at is None and "Connection" in mail.last_error
    listing = runner.invoke(args=["outbox", "list"]).output
    assert "held-comment" in listing and "waiting" in listing and mail.last_error in listing
    assert db.session.scalar(select(Comment.status).where(Comment.body_raw == "Wait for me")) == CommentStatus.PENDING

    sink = start_sink(mail_port)
    try:
        up = runner.invoke(args=["outbox", "send"])
    finally:
        sink.stop()
    assert up.output.strip() == "sent 1, failed 0"
    assert len(sink.handler.messages) == 1
    [mail] = outbox_rows()
    assert mail.attempts == 2 and mail.sent_at is not None and mail.last_error == ""


def test_a_failed_mail_waits_longer_each_time_then_is_listed_as_failed(app, make, post_comment, runner, mail_port):
    app.config.update(OUTBOX_RETRY_SECONDS=60, OUTBOX_MAX_ATTEMPTS=2)
    post_comment(make.article())
    before = utcnow()
    runner.invoke(args=["outbox", "send"])
    [mail] = outbox_rows()
    assert (mail.next_attempt_at - before).total_seconds() >= 59
    # Not due yet: a pass now leaves it alone.
    assert runner.invoke(args=["outbox", "send"]).output.strip() == "sent 0, failed 0"
    mail.next_attempt_at = utcnow()
    db.session.commit()
    runner.invoke(args=["outbox", "send"])
    [mail] = outbox_rows()
    assert mail.attempts == 2 and (mail.next_attempt_at - utcnow()).total_seconds() > 100  # 120 s: doubled
    assert "failed" in runner.invoke(args=["outbox", "list"]).output
    # Failed for good: no pass tries it again, and it is still there to read.
    mail.next_attempt_at = utcnow()
    db.session.commit()
    assert runner.invoke(args=["outbox", "send"]).output.strip() == "sent 0, failed 0"


def test_two_senders_at_once_never_send_a_mail_twice(app, mail_port):
    for number in range(30):
        message = EmailMessage()
        message["Subject"], message["From"], message["To"] = f"mail {number}", "blog@example.org", "a@example.org"
        message.set_content("hello")
        enqueue(message, "test")
    db.session.commit()
    # Each delivery takes a moment, so both senders are busy at the same time.
    sink = start_sink(mail_port, delay=0.02)
    results = []

    def sender():
        with app.app_context():
            results.append(send_due().sent)
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sink.stop()
    subjects = [message["Subject"] for message in sink.handler.messages]
    assert sorted(subjects) == sorted(f"mail {number}" for number in range(30))
    assert sum(results) == 30
    assert all(mail.sent_at is not None for mail in outbox_rows())


def test_send_refuses_to_run_without_a_mail_server(app, runner):
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code != 0 and "MAIL_SERVER is not set" in result.output


def test_if_configured_makes_a_missing_mail_server_no_error(app, runner):
    """What `make run` starts beside gunicorn: without MAIL_SERVER it just ends."""
    result = runner.invoke(args=["outbox", "send", "--watch", "--if-configured"])
    assert result.exit_code == 0 and result.output == ""
