"""The admins' outbox page: waiting, failed (with tries and the last error) and sent mail, never a mail's text."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import OutboxMail, Role

from helpers.accounts import browser_signed_in
from helpers.forms import csrf_token_from
from helpers.mail import start_sink
from helpers.servers import free_port


@pytest.fixture
def staff(make):
    for role in (Role.ADMIN, Role.MODERATOR, Role.EDITOR):
        make.user(role.value, role)


@pytest.fixture
def smtp_down(app):
    """The mail server is down: every try fails with a refused connection."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2, MAIL_SENDER="blog@example.org",
                      MODERATOR_EMAILS=["mia@example.org"], OUTBOX_RETRY_SECONDS=0)


def held(make, post_comment, body: str) -> None:
    assert post_comment(make.article(title="Outboxed"), body=body).status_code == 303


def test_only_admins_see_the_outbox(app, staff, client):
    assert client.get("/admin/outbox/").status_code == 302  # to the sign-in page
    for role in (Role.MODERATOR, Role.EDITOR):
        assert browser_signed_in(app, role.value).get("/admin/outbox/").status_code == 403
    page = browser_signed_in(app, "admin").get("/admin/outbox/")
    assert page.status_code == 200 and "No waiting mail." in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private, no-store"


def test_waiting_and_failed_mail_show_tries_and_the_last_error_but_never_the_text(app, staff, runner, smtp_down,
                                                                                    make, post_comment):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    held(make, post_comment, "Secret words of a commenter.")
    runner.invoke(args=["outbox", "send"])
    admin = browser_signed_in(app, "admin")
    waiting = admin.get("/admin/outbox/?tab=waiting").get_data(as_text=True)
    [mail] = db.session.scalars(select(OutboxMail))
    assert "ConnectionRefusedError" in mail.last_error and mail.last_error in waiting
    assert "held-comment" in waiting and "mia@example.org" in waiting and "Comment waiting on “Outboxed”" in waiting
    assert "Secret words" not in waiting and 'Waiting <span class="count">(1)</span>' in waiting
    runner.invoke(args=["outbox", "send"])
    failed = admin.get("/admin/outbox/?tab=failed").get_data(as_text=True)
    assert 'Failed <span class="count">(1)</span>' in failed and "every try used" in failed and "ConnectionRefusedError" in failed
    assert "Secret words" not in failed


def test_retry_gives_a_failed_mail_new_tries_and_it_is_sent(app, staff, runner, smtp_down, make, post_comment):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    held(make, post_comment, "Try me again.")
    runner.invoke(args=["outbox", "send"])
    admin = browser_signed_in(app, "admin")
    page = admin.get("/admin/outbox/?tab=failed").get_data(as_text=True)
    [mail_id] = db.session.scalars(select(OutboxMail.id))
    answer = admin.post(f"/admin/outbox/{mail_id}/retry", data={"csrf_token": csrf_token_from(page)})
    assert answer.status_code == 303
    assert "will be tried on the sender" in admin.get(answer.headers["Location"]).get_data(as_text=True)
    sink = start_sink(app.config["MAIL_PORT"])
    try:
        assert "sent 1, failed 0" in runner.invoke(args=["outbox", "send"]).output
    finally:
        sink.stop()
    sent = admin.get("/admin/outbox/?tab=sent").get_data(as_text=True)
    assert 'Sent <span class="count">(1)</span>' in sent and "Try me again." not in sent


def test_a_retry_without_the_session_token_changes_nothing(app, staff, runner, smtp_down, make, post_comment):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    held(make, post_comment, "Stay failed.")
    runner.invoke(args=["outbox", "send"])
    [mail_id] = db.session.scalars(select(OutboxMail.id))
    assert browser_signed_in(app, "admin").post(f"/admin/outbox/{mail_id}/retry").status_code == 400
    db.session.expire_all()
    assert db.session.get(OutboxMail, mail_id).attempts == 1


def test_the_outbox_is_paged(app, staff, smtp_down, make, post_comment):
    app.config["OUTBOX_PAGE_SIZE"] = 2
    for number in range(5):
        held(make, post_comment, f"Comment number {number}.")
    admin = browser_signed_in(app, "admin")
    first = admin.get("/admin/outbox/?tab=waiting").get_data(as_text=True)
    ids = list(db.session.scalars(select(OutboxMail.id).order_by(OutboxMail.id)))
    assert f'id="mail-{ids[0]}"' in first and f'id="mail-{ids[2]}"' not in first and "Page 1 of 3" in first
    last = admin.get("/admin/outbox/?tab=waiting&page=3").get_data(as_text=True)
    assert f'id="mail-{ids[4]}"' in last and f'id="mail-{ids[0]}"' not in last
    assert admin.get("/admin/outbox/?tab=nonsense").status_code == 404
