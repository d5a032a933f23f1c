"""A commenter's data: ``flask commenters export|erase``, ``flask purge`` and the /privacy/ page."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import inspect, text

from blogapp.extensions import db
from blogapp.moderation.actions import record
from blogapp.storage.models import AuditEntry, Comment, CommentStatus, OutboxMail, utcnow

EMAIL = "Zeb.Quux@Example.org"
HASH = "c0ffee" * 5
NAME = "Zebediah Quux"
SITE = "https://zeb-quux.example"


def everything_stored() -> str:
    """Every row of every table in the database, as one lower-case text."""
    db.session.commit()
    names = inspect(db.engine).get_table_names()
    rows = [str(tuple(row)) for name in names for row in db.session.execute(text(f'SELECT * FROM "{name}"'))]
    return "\n".join(rows).lower()


@pytest.fixture
def theirs(make):
    article = make.article(title="On keeping little")
    first = make.comment(article, "My first words.", author_name=NAME, author_email=EMAIL,
                         author_url=SITE, client_hash=HASH)
    reply = make.comment(article, "A reply by someone else.", parent_id=first.id, author_email="other@example.org")
    make.comment(article, "Still waiting.", author_name=NAME, author_email=" zeb.quux@example.ORG ",
                 status=CommentStatus.PENDING, client_hash=HASH)
    moderator = make.user()
    record(moderator, "spam", first.id, f"held: {EMAIL.lower()} is blocked")
    db.session.add(OutboxMail(kind="held-comment", recipients="mod@example.org", message=f"From {EMAIL}"))
    db.session.commit()
    return article, first.id, reply.id


def test_export_lists_every_comment_of_the_address(runner, theirs):
    result = runner.invoke(args=["commenters", "export", "  ZEB.quux@example.org "])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["email"] == "zeb.quux@example.org"
    assert [(c["text"], c["status"]) for c in found["comments"]] == [("My first words.", "approved"), ("Still waiting.", "pending")]
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


def test_the_privacy_page_is_linked_from_every_page_and_sets_no_cookie(client, make):
    make.article()
    home = client.get("/")
    assert 'href="/privacy/"' in home.get_data(as_text=True)
    page = client.get("/privacy/")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    assert "30 days" in body and "commenters export" in body and "commenters erase" in body
    assert 'href="/privacy/"' in body
