"""Mail to moderators about held comments, through a local SMTP sink."""

from __future__ import annotations

import logging
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import Comment, CommentStatus

from helpers.servers import free_port


class Inbox(Message):
    """Keeps every message the sink receives."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message) -> None:
        self.messages.append(message)



@pytest.fixture
def inbox(app):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_SENDER="blog@example.org",
                      MODERATOR_EMAILS=["mia@example.org", "max@example.org"])
    yield handler.messages
    controller.stop()


def test_moderators_get_mail_for_each_held_comment(inbox, make, post_comment):
    article = make.article(title="Mail me")
    post_comment(article, name="Ana", body="Please read this carefully.")
    assert len(inbox) == 1
    mail = inbox[0]
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
    assert inbox == []


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
    assert any("Could not mail moderators about comment" in r.getMessage() for r in caplog.records)


def test_mail_is_off_unless_configured(app, make, post_comment):
    assert app.config["MAIL_SERVER"] == ""
    assert post_comment(make.article()).status_code == 303


def test_a_title_stored_on_two_lines_still_gets_its_mail(inbox, make, post_comment):
    """Titles saved before one-line fields were enforced: the subject folds the line break."""
    article = make.article(title="Mail me\nwhen you can")
    response = post_comment(article, body="About that title.")
    assert response.status_code == 303
    [mail] = inbox
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
    [mail] = inbox
    text = mail.get_payload(decode=True).decode()
    assert text.splitlines()[-1] == "https://blog.example.org/moderation/"
    assert "http://" not in text
