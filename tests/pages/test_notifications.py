"""Mail to moderators about held comments: written to the outbox, sent by `flask outbox send` to a local SMTP sink."""

from __future__ import annotations

import logging
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import Comment, CommentStatus

from helpers.mail import start_sink
from helpers.servers import free_port


@pytest.fixture
def smtp_sink():
    """A real SMTP server on a free port; its ``handler.messages`` are what it received."""
    controller = start_sink()
    yield controller
    controller.stop()


@pytest.fixture
def inbox(app, smtp_sink, runner):
    """``inbox()`` sends the outbox as `flask outbox send` does and returns every message received."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_sink.port, MAIL_SENDER="blog@example.org",
                      MODERATOR_EMAILS=["mia@example.org", "max@example.org"])

    def deliver() -> list:
        result = runner.invoke(args=["outbox", "send"])
        assert result.exit_code == 0, result.output
        return smtp_sink.handler.messages

    return deliver


def test_moderators_get_mail_for_each_held_comment(inbox, make, post_comment):
    article = make.article(title="Mail me")
    post_comment(article, name="Ana", body="Please read this carefully.")
    [mail] = inbox()
    assert mail["To"] == "mia@example.org, max@example.org"
    assert mail["From"] == "blog@example.org"
    assert str(make_header(decode_header(mail["Subject"]))) == "[blogapp] Comment waiting on “Mail me”"
    text = mail.get_payload(decode=True).decode()
    assert "Ana commented on" in text and "Please read this carefully." in text
    assert "Held because: new comments wait for a moderator" in text
    assert "http://blog.test/moderation/" in text


def test_no_mail_for_spam_or_staff_comments(inbox, make, sign_in, post_comment):
    article = make.article()
    post_comment(article, homepage="bot")
    make.user("mia")
    sign_in("mia")
    post_comment(article, body="Staff note")
    assert db.session.scalar(select(Comment.from_staff).where(Comment.body_raw == "Staff note"))
    assert inbox() == []


def no_mail_server(app) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2,
                      MODERATOR_EMAILS=["mia@example.org"])


def a_sender_that_cannot_be_a_header(app) -> None:
    # The mail cannot even be made (ValueError, not an OSError from smtplib).
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MODERATOR_EMAILS=["mia@example.org"],
                      MAIL_SENDER="blog@example.org\nBcc: everyone@example.org")


@pytest.mark.parametrize("break_mail", [no_mail_server, a_sender_that_cannot_be_a_header],
                         ids=["no server", "no header"])
def test_a_mail_failure_is_logged_and_the_comment_kept(app, make, post_comment, caplog, break_mail):
    break_mail(app)
    article = make.article()
    with caplog.at_level(logging.ERROR):
        response = post_comment(article, body="Still here")
    assert response.status_code == 303
    assert db.session.scalar(select(Comment.status).where(Comment.body_raw == "Still here")) == CommentStatus.PENDING
    if break_mail is a_sender_that_cannot_be_a_header:
        assert any("Could not write mail to moderators about comment" in r.getMessage() for r in caplog.records)


def test_mail_is_off_unless_configured(app, make, post_comment):
    assert app.config["MAIL_SERVER"] == ""
    assert post_comment(make.article()).status_code == 303


def test_a_title_stored_on_two_lines_still_gets_its_mail(inbox, make, post_comment):
    """Titles saved before one-line fields were enforced: the subject folds the line break."""
    article = make.article(title="Mail me\nwhen you can")
    response = post_comment(article, body="About that title.")
    assert response.status_code == 303
    [mail] = inbox()
    assert str(make_header(decode_header(mail["Subject"]))) == "[blogapp] Comment waiting on “Mail me when you can”"


@pytest.mark.parametrize(
    "app_config",
    [{"CANONICAL_URL": "https://blog.example.org", "SERVER_NAME": "blog.example.org"},
     {"CANONICAL_URL": "https://blog.example.org", "SERVER_NAME": "www.blog.example.org",
      "ALLOWED_HOSTS": ["www.blog.example.org"]}],
    indirect=True, ids=["the site's host over http", "an allowed extra host"],
)
def test_the_mail_links_to_the_canonical_address_not_the_request_host(inbox, make, post_comment):
    assert post_comment(make.article()).status_code == 303
    [mail] = inbox()
    text = mail.get_payload(decode=True).decode()
    assert text.splitlines()[-1] == "https://blog.example.org/moderation/"
    assert "http://" not in text
