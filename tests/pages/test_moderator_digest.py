"""The moderators' digest: with MODERATOR_DIGEST_MINUTES set, one mail per moderator per period lists every held comment once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from blogapp.extensions import db
from blogapp.moderation.digest import JOB
from blogapp.storage.models import Comment, CommentStatus, HeldNotice, OutboxMail, PeriodicRun, Role, utcnow

from helpers.mail import moderator_links, start_sink, text_of


@pytest.fixture
def sink(app, make):
    """An SMTP sink; Mia (a moderator with an address) and a shared address get the mail; digests every 30 minutes."""
    controller = start_sink()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_SENDER="blog@example.org",
                      MODERATOR_EMAILS=["team@example.org"], MODERATOR_DIGEST_MINUTES=30)
    make.user("mia", Role.MODERATOR).email = "mia@example.org"
    db.session.commit()
    yield controller
    controller.stop()


def run(runner, *args: str) -> str:
    result = runner.invoke(args=["outbox", *args])
    assert result.exit_code == 0, result.output
    return result.output


def hold(make, post_comment, *bodies: str) -> None:
    article = make.article(title="Digested")
    for body in bodies:
        assert post_comment(article, name="Ana", body=body).status_code == 303


def outbox_kinds() -> list[str]:
    return list(db.session.scalars(select(OutboxMail.kind).order_by(OutboxMail.id)))


def a_period_passes() -> None:
    db.session.execute(update(PeriodicRun).where(PeriodicRun.name == JOB).values(next_run_at=utcnow()))
    db.session.commit()


def test_one_mail_per_moderator_lists_every_held_comment_once(app, runner, sink, make, post_comment):
    hold(make, post_comment, "First of three.", "Second of three.", "Third of three.")
    assert outbox_kinds() == []  # the requests wrote no mail: the digest will
    assert "Digest of 3 held comments written for 2 recipients" in run(runner, "digest")
    run(runner, "send")
    mails = {message["To"]: message for message in sink.handler.messages}
    assert set(mails) == {"mia@example.org", "team@example.org"}
    text = text_of(mails["mia@example.org"])
    assert "3 comments held since the last mail" in text
    assert all(body in text for body in ("First of three.", "Second of three.", "Third of three."))
    assert len(moderator_links(mails["mia@example.org"])) == 9 and moderator_links(mails["team@example.org"]) == []
    # The next pass has nothing new, so nothing is mailed twice.
    assert "No digest: no comment held since the last digest" in run(runner, "digest")
    assert outbox_kinds() == ["moderator-digest", "moderator-digest"]


def test_comments_held_within_the_period_wait_for_the_next_digest(app, runner, sink, make, post_comment):
    hold(make, post_comment, "Early one.")
    run(runner, "digest")
    hold(make, post_comment, "Late one.")
    assert "less than MODERATOR_DIGEST_MINUTES ago" in run(runner, "digest")
    assert len(outbox_kinds()) == 2
    a_period_passes()
    assert "Digest of 1 held comments" in run(runner, "digest")
    run(runner, "send")
    mia = [text_of(m) for m in sink.handler.messages if m["To"] == "mia@example.org"]
    assert len(mia) == 2 and "Early one." in mia[0] and "Late one." in mia[1] and "Early one." not in mia[1]


def test_the_watching_sender_builds_and_sends_the_digest_and_a_restart_sends_no_second(app, runner, sink, make,
                                                                                       post_comment):
    hold(make, post_comment, "Held while no sender ran.", "This one too.")
    first = run(runner, "send", "--watch", "--passes", "1")
    assert "digest: 2 held comments, 2 mails" in first and "sent 2, failed 0" in first
    # A sender restarted at once: the same comments are not listed again.
    assert "digest" not in run(runner, "send", "--watch", "--passes", "1")
    assert len(sink.handler.messages) == 2


def test_digest_links_act_once_and_a_comment_moderated_first_is_not_listed(app, runner, sink, make, post_comment):
    hold(make, post_comment, "Moderated before the digest.", "Still waiting.")
    early = db.session.scalar(select(Comment).where(Comment.body_raw == "Moderated before the digest."))
    early.status = CommentStatus.APPROVED
    db.session.commit()
    run(runner, "digest")
    run(runner, "send")
    [mia] = [m for m in sink.handler.messages if m["To"] == "mia@example.org"]
    assert "Moderated before the digest." not in text_of(mia) and "1 comment held" in text_of(mia)
    approve = dict(moderator_links(mia))["Approve"]
    assert app.test_client().post(f"{approve}act").status_code == 303
    assert app.test_client().post(f"{approve}act").status_code == 409
    db.session.expire_all()
    assert db.session.scalar(select(Comment.status).where(Comment.body_raw == "Still waiting.")) == CommentStatus.APPROVED


def test_with_the_digest_off_each_held_comment_is_mailed_at_once(app, runner, sink, make, post_comment):
    app.config["MODERATOR_DIGEST_MINUTES"] = 0
    hold(make, post_comment, "One.", "Two.")
    assert outbox_kinds() == ["held-comment"] * 4  # two comments, two recipients each
    assert "No digest" in run(runner, "digest")


def test_a_long_digest_lists_a_hundred_and_counts_the_rest(app, runner, sink, make):
    article = make.article()
    for number in range(103):
        make.comment(article, body=f"Held number {number}.", status=CommentStatus.PENDING)
    db.session.add_all(HeldNotice(comment_id=comment_id) for comment_id in db.session.scalars(select(Comment.id)))
    db.session.commit()
    run(runner, "digest")
    run(runner, "send")
    text = text_of(next(m for m in sink.handler.messages if m["To"] == "mia@example.org"))
    assert "103 comments held" in text and "Held number 99." in text and "Held number 100." not in text
    assert "And 3 more, not listed here." in text
    assert timedelta(0) < db.session.get(PeriodicRun, JOB).next_run_at - utcnow() <= timedelta(minutes=30)


@pytest.mark.parametrize("setting, value", [("MODERATOR_DIGEST_MINUTES", -5), ("MODERATOR_LINK_HOURS", 0),
                                            ("OUTBOX_PURGE_HOURS", "daily"), ("OUTBOX_PAGE_SIZE", 0)])
def test_check_config_names_a_bad_mail_setting(app, runner, setting, value):
    app.config[setting] = value
    output = runner.invoke(args=["check-config"]).output
    assert f"PROBLEM  moderator mail: {setting} is {value!r}" in output


def test_check_config_says_who_gets_the_moderators_mail(app, runner, sink):
    output = runner.invoke(args=["check-config"]).output
    assert "ok       moderator mail: a digest every 30 minutes to 2 recipients, 1 with one-time links" in output
