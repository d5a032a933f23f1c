"""Confirmation links (commenters/confirming.py): signed, dated, one purpose, once; mails counted per address and client."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from email import message_from_string, policy

import pytest
from sqlalchemy import text

from blogapp.commenters import confirming
from blogapp.extensions import db
from blogapp.storage.models import Confirmation, OutboxMail


@pytest.fixture
def limits(app):
    app.config.update(CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY=2, CONFIRMATION_MAILS_PER_CLIENT_PER_HOUR=3)


def test_a_link_confirms_its_purpose_once_and_names_no_address(app):
    confirmation = confirming.begin("export", " Ada@Example.org ", client="c1")
    db.session.commit()
    token = confirming.token_for(confirmation)
    assert "ada" not in token.lower() and "example" not in token.lower()
    found = confirming.confirmation_from(token, "export")
    assert found is not None and found.email == "ada@example.org"
    assert confirming.confirmation_from(token, "erase") is None
    confirming.use(found)
    db.session.commit()
    assert confirming.confirmation_from(token, "export") is None
    assert confirming.confirmation_from(token, "export", unused=False) is found


def test_tampered_expired_and_erased_links_confirm_nothing(app):
    confirmation = confirming.begin("subscribe", "ada@example.org", client="")
    db.session.commit()
    token = confirming.token_for(confirmation)
    assert confirming.confirmation_from(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "subscribe") is None
    assert confirming.confirmation_from("not-a-token", "subscribe") is None
    confirmation.created_at -= timedelta(hours=app.config["CONFIRMATION_LINK_HOURS"], seconds=1)
    db.session.commit()
    assert confirming.confirmation_from(token, "subscribe") is None
    fresh = confirming.begin("subscribe", "ada@example.org", client="")
    db.session.commit()
    token = confirming.token_for(fresh)
    assert confirming.erase("ADA@example.org") == 2
    db.session.commit()
    assert confirming.confirmation_from(token, "subscribe") is None


def test_mails_are_limited_per_address_per_day(app, limits):
    for _ in range(2):
        confirming.begin("export", "ada@example.org", client="")
    with pytest.raises(confirming.TooManyMails) as refused:
        confirming.begin("erase", "ADA@example.org", client="")
    assert 23 * 3600 < refused.value.retry_after <= 24 * 3600 + 1
    # Another address is not held back by Ada's.
    confirming.begin("export", "bob@example.org", client="")
    db.session.commit()
    assert db.session.query(Confirmation).count() == 3


def test_mails_are_limited_per_client_per_hour(app, limits):
    for number in range(3):
        confirming.begin("export", f"reader{number}@example.org", client="same-client")
    with pytest.raises(confirming.TooManyMails) as refused:
        confirming.begin("export", "stranger@example.org", client="same-client")
    assert 3500 < refused.value.retry_after <= 3601
    confirming.begin("export", "stranger@example.org", client="another-client")


def test_the_mail_goes_to_the_outbox_with_the_absolute_link(app):
    app.config.update(CANONICAL_URL="https://blog.example", MAIL_SENDER="blog@example.org")
    confirmation = confirming.begin("export", "ada@example.org", client="")
    link = confirming.link_for(confirmation, "commenters.privacy")
    assert link.startswith("https://blog.example/privacy/?token=")
    confirming.send(confirmation, "Confirm your address", f"Press the button: {link}")
    db.session.commit()
    [mail] = db.session.query(OutboxMail).all()
    assert mail.kind == "confirm-export" and mail.recipients == "ada@example.org"
    assert link in message_from_string(mail.message, policy=policy.default).get_content()
    assert confirming.pending_for("export", "ada@example.org") and not confirming.pending_for("erase", "ada@example.org")


def test_purge_keeps_what_a_link_or_a_limit_needs(app):
    old = confirming.begin("export", "ada@example.org", client="")
    confirming.begin("export", "ada@example.org", client="")
    old.created_at -= timedelta(hours=app.config["CONFIRMATION_LINK_HOURS"] + 1)
    db.session.commit()
    assert confirming.purge() == 1
    db.session.commit()
    assert db.session.query(Confirmation).count() == 1


def test_two_requests_at_once_cannot_both_take_the_last_mail(app):
    """The count and the new row are one step per database: a second request waits for the first's commit."""
    app.config["CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY"] = 1
    confirming.begin("export", "ada@example.org", client="first")  # holds the lock, not yet committed
    outcome = {}

    def second_request():
        with app.app_context():
            try:
                confirming.begin("erase", "ada@example.org", client="second")
                db.session.commit()
                outcome["second"] = "sent"
            except confirming.TooManyMails:
                outcome["second"] = "refused"
            finally:
                db.session.remove()

    thread = threading.Thread(target=second_request)
    thread.start()
    if db.engine.dialect.name == "postgresql":
        # Commit only once the second request waits for the lock (or, without one, has finished).
        with db.engine.connect() as watcher:
            waiting = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            deadline = time.monotonic() + 30
            while thread.is_alive() and not watcher.execute(waiting).scalar() and time.monotonic() < deadline:
                time.sleep(0.02)
    # SQLite: the second request's BEGIN IMMEDIATE waits for this commit, whenever it comes.
    db.session.commit()
    thread.join(timeout=60)
    assert outcome == {"second": "refused"}
    assert db.session.query(Confirmation).count() == 1
