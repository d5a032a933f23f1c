"""A commenter's data: ``flask commenters export|erase``, ``flask purge`` and the /privacy/ page."""

from __future__ import annotations

import json
from datetime import timedelta
from email.message import EmailMessage

import pytest
from flask import url_for
from sqlalchemy import update

from blogapp.moderation.notify import notify_moderators
from blogapp.extensions import db
from blogapp.mail.outbox import enqueue
from blogapp.moderation.actions import record
from blogapp.storage.models import AuditEntry, Ban, Comment, CommentStatus, OutboxMail, utcnow

from helpers.statements import counted_statements
from helpers.stored import everything_stored

EMAIL = "Zeb.Quux@Example.org"
HASH = "c0ffee" * 5
# Accents: a mail stores this name encoded, so only a decoded search finds it.
NAME = "Zébédée Quux"
SITE = "https://zeb-quux.example"
WAITING = "Still waiting, and this sentence is long enough to be recognised when a mail quotes it."
OTHERS = "Somebody else's words, which the same moderators' mail quotes beside theirs."


def moderators_mail(*entries: tuple[str, str]) -> EmailMessage:
    """A mail to the moderators naming several held comments, as a digest does."""
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = "Comments waiting", "blog@example.org", "mod@example.org"
    message.set_content("\n\n".join(f"{name} wrote:\n{text}" for name, text in entries))
    return message


@pytest.fixture
def theirs(app, make):
    article = make.article(title="On keeping little")
    first = make.comment(article, "My first words.", author_name=NAME, author_email=EMAIL,
                         author_url=SITE, client_hash=HASH)
    reply = make.comment(article, "A reply by someone else.", parent_id=first.id, author_email="other@example.org")
    waiting = make.comment(article, WAITING, author_name=NAME, author_email=" zeb.quux@example.ORG ",
                           status=CommentStatus.PENDING, client_hash=HASH, held_reason="It has links.")
    moderator = make.user()
    record(moderator, "spam", first.id, f"held: {EMAIL.lower()} is blocked")
    app.config.update(MAIL_SERVER="127.0.0.1", MODERATOR_EMAILS=["mod@example.org"])
    assert notify_moderators(waiting)
    enqueue(moderators_mail((NAME, WAITING), ("Olga Other", OTHERS)), "digest")
    reply_mail = moderators_mail(("Moderator", "Thanks!"))
    reply_mail.replace_header("To", EMAIL)
    enqueue(reply_mail, "reply")
    db.session.commit()
    return article, first.id, reply.id


def test_export_lists_every_comment_of_the_address(runner, theirs):
    result = runner.invoke(args=["commenters", "export", "  ZEB.quux@example.org "])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["email"] == "zeb.quux@example.org"
    assert [(c["text"], c["status"]) for c in found["comments"]] == [("My first words.", "approved"), (WAITING, "pending")]
    assert found["comments"][0]["article"] == "On keeping little"
    assert found["comments"][0]["article_path"].startswith("/")
    assert "T" in found["comments"][0]["created_at"]


def test_an_unknown_address_exports_no_comments_and_erases_nothing(runner, theirs):
    assert json.loads(runner.invoke(args=["commenters", "export", "nobody@example.org"]).output)["comments"] == []
    result = runner.invoke(args=["commenters", "erase", "nobody@example.org"])
    assert result.exit_code == 0 and "Nothing stored" in result.output


@pytest.mark.parametrize("app_config", [{"ERASE_MODE": "anonymise"}, {"ERASE_MODE": "delete"}], indirect=True)
def test_erase_leaves_no_trace_anywhere(app, runner, client, theirs):
    article, first_id, reply_id = theirs
    assert EMAIL.lower() in everything_stored() and HASH in everything_stored()
    refused = runner.invoke(args=["commenters", "erase", EMAIL], input="n\n")
    assert refused.exit_code != 0 and db.session.get(Comment, first_id).author_email == EMAIL
    result = runner.invoke(args=["commenters", "erase", EMAIL, "--yes"])
    assert result.exit_code == 0, result.output
    assert "comments 2" in result.output
    stored = everything_stored()
    for trace in (EMAIL.lower(), HASH, NAME.lower(), SITE):
        assert trace not in stored
    # The digest stays for the moderators, with the other reader's comment in it.
    assert "olga other" in stored and OTHERS.lower() in stored
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMail)) == 2
    db.session.expire_all()
    assert db.session.get(Comment, reply_id) is not None
    first = db.session.get(Comment, first_id)
    if app.config["ERASE_MODE"] == "delete":
        assert first is None and db.session.get(Comment, reply_id).parent_id is None
    else:
        assert first.author_name == "a former reader" and first.body_raw == "My first words."
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="erase")).user_id is None
    with app.test_request_context():
        path = url_for("blog.article", slug=article.slug)
    assert NAME not in client.get(path).get_data(as_text=True)


def test_purge_removes_old_hashes_and_settled_emails(runner, make):
    article = make.article()
    long_ago = utcnow() - timedelta(days=31)
    old = make.comment(article, "Old.", author_email="old@example.org", client_hash="a" * 32, created_at=long_ago)
    waiting = make.comment(article, "Old, pending.", author_email="wait@example.org", client_hash="b" * 32,
                           created_at=long_ago, status=CommentStatus.PENDING)
    recent = make.comment(article, "New.", author_email="new@example.org", client_hash="c" * 32)
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "2 client hashes and 1 email addresses" in result.output
    db.session.expire_all()
    assert (old.client_hash, old.author_email) == ("", "")
    assert (waiting.client_hash, waiting.author_email) == ("", "wait@example.org")
    assert (recent.client_hash, recent.author_email) == ("c" * 32, "new@example.org")
    assert "0 client hashes and 0 email addresses" in runner.invoke(args=["purge"]).output


def test_purge_deletes_mail_sent_before_the_retention_time(runner):
    """Mail names commenters; once sent long ago, the outbox's copy is only a record."""
    long_ago, yesterday = utcnow() - timedelta(days=31), utcnow() - timedelta(days=1)
    for sent_at in (long_ago, yesterday, None):
        db.session.add(OutboxMail(kind="comment-published", recipients="a@example.org", message="x",
                                  created_at=long_ago, sent_at=sent_at))
    db.session.commit()
    assert "1 mails sent that long ago deleted" in runner.invoke(args=["purge"]).output
    left = db.session.scalars(db.select(OutboxMail.sent_at).order_by(OutboxMail.id)).all()
    assert len(left) == 2 and left[-1] is None


def test_erase_cleans_mail_and_the_log_for_an_address_with_no_comments(runner, make):
    """Comments deleted earlier by a moderator: mail to the address and log entries naming it remain."""
    make.user()
    reply_mail = moderators_mail(("Moderator", "Thanks!"))
    reply_mail.replace_header("To", EMAIL)
    enqueue(reply_mail, "reply")
    db.session.add(AuditEntry(username="moderator", action="delete", detail=f"blocked {EMAIL.lower()}"))
    db.session.commit()
    result = runner.invoke(args=["commenters", "erase", EMAIL, "--yes"])
    assert result.exit_code == 0, result.output
    assert "comments 0, mail_settings 0, confirmation_links 0, moderation 0, audit_log 1, outbox 1" in result.output
    assert EMAIL.lower() not in everything_stored()


def test_a_ban_in_force_outlives_an_erasure(runner, theirs):
    """Erasing one's data is no way to lift one's ban; the lifted one loses the address."""
    db.session.add(Ban(email=EMAIL.lower(), client_hash=HASH, username="moderator"))
    db.session.add(Ban(email=EMAIL.lower(), client_hash=HASH, username="moderator", lifted_at=utcnow()))
    db.session.commit()
    assert runner.invoke(args=["commenters", "erase", EMAIL, "--yes"]).exit_code == 0
    db.session.expire_all()
    bans = db.session.scalars(db.select(Ban).order_by(Ban.id)).all()
    assert [(ban.email, ban.client_hash) for ban in bans] == [(EMAIL.lower(), HASH), ("", "")]


def test_purge_sends_two_updates_however_many_comments(runner, make):
    article = make.article()
    for number in range(5):
        make.comment(article, f"Old {number}.", author_email=f"old{number}@example.org", client_hash="a" * 32)
    db.session.execute(update(Comment).values(created_at=utcnow() - timedelta(days=40)))
    db.session.commit()
    with counted_statements() as statements:
        result = runner.invoke(args=["purge"])
    assert "5 client hashes and 5 email addresses" in result.output
    on_comments = [s for s in statements if "comments" in s]
    assert len(on_comments) == 2 and all(s.lstrip().upper().startswith("UPDATE") for s in on_comments), statements


def test_the_privacy_page_is_linked_from_every_page_and_sets_no_cookie(client, make):
    make.article()
    home = client.get("/")
    assert 'href="/privacy/"' in home.get_data(as_text=True)
    page = client.get("/privacy/")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    assert "30 days" in body and "commenters export" in body and "commenters erase" in body
    assert 'href="/privacy/"' in body
