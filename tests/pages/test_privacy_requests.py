"""A commenter's own export and erasure from /privacy/: a link mailed to the address, then a button."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from email import message_from_string, policy

import pytest
from sqlalchemy import func, select

from blogapp.commenters.confirming import address_digest
from blogapp.comments.privacy import client_hash
from blogapp.extensions import db
from blogapp.spam.learning import follow_decisions
from blogapp.storage.models import (
    AuditEntry, Ban, Comment, CommentReport, CommentStatus, Confirmation, OutboxMail, Subscription, utcnow,
)

from helpers.stored import everything_stored

EMAIL = "Ina.Quill@Example.net"
HASH = "bead" * 8
NAME = "Ina Quill"
SITE = "https://ina-quill.example"
LINK = re.compile(r"https?://\S+/privacy/(?:export|erase)/[^/\s]+/")
SAME_WORDS = "If comments were made here with that address, a mail is on its way to it"


@pytest.fixture
def theirs(make):
    """Two comments with the address (one pending), a reply by someone else, and a mail setting."""
    article = make.article(title="Letters kept")
    first = make.comment(article, "What I wrote first.", author_name=NAME, author_email=EMAIL,
                         author_url=SITE, client_hash=HASH)
    neighbour = make.comment(article, "A reply from a neighbour.", parent_id=first.id,
                             author_email="neighbour@example.org")
    # They reported the neighbour's reply; a ban on them was placed and lifted.
    db.session.add(CommentReport(comment_id=neighbour.id, client_hash=HASH))
    db.session.add(Ban(email=EMAIL.lower(), client_hash=HASH, username="moderator", lifted_at=utcnow()))
    make.comment(article, "Still waiting here.", author_name=NAME, author_email=EMAIL.lower(),
                 status=CommentStatus.PENDING, client_hash=HASH)
    db.session.add(Subscription(comment_id=first.id, email_digest=address_digest(EMAIL), confirmed_at=utcnow()))
    follow_decisions([first])  # approved: the spam filter learnt from it, name and website included
    db.session.commit()
    assert "quill" in everything_stored()
    return first.id


def mails_to(address: str) -> list:
    rows = db.session.scalars(select(OutboxMail).where(OutboxMail.recipients == address.lower()))
    return [message_from_string(row.message, policy=policy.default) for row in rows]


def ask(client, purpose: str, email: str = EMAIL):
    return client.post(f"/privacy/{purpose}", data={"email": email})


def link_from_mail(client, purpose: str, email: str = EMAIL) -> str:
    assert ask(client, purpose, email).status_code == 303
    [mail] = mails_to(email)
    assert mail["Subject"].endswith("Download your data" if purpose == "export" else "Erase your data")
    [link] = LINK.findall(mail.get_content())
    return link.split("blog.test", 1)[1]


def assert_private(response) -> None:
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_export_downloads_every_comment_and_the_mail_settings(client, theirs):
    path = link_from_mail(client, "export")
    page = client.get(path)
    assert page.status_code == 200 and "Download my data" in page.get_data(as_text=True)
    assert_private(page)
    download = client.post(path)
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment; filename=")
    assert download.mimetype == "application/json"
    assert_private(download)
    data = json.loads(download.get_data(as_text=True))
    assert data["email"] == EMAIL.lower()
    assert [(c["article"], c["text"], c["status"]) for c in data["comments"]] == [
        ("Letters kept", "What I wrote first.", "approved"), ("Letters kept", "Still waiting here.", "pending")]
    assert all(c["created_at"] for c in data["comments"])
    assert [s["confirmed"] for s in data["mail_settings"]] == [True]
    assert "neighbour" not in download.get_data(as_text=True)
    assert client.post(path).status_code == 404, "a link works once"


@pytest.mark.parametrize("app_config", [{"ERASE_MODE": "anonymise"}, {"ERASE_MODE": "delete"}], indirect=True)
def test_erase_by_mail_leaves_no_trace_in_any_table(app, client, theirs):
    requester = client_hash("127.0.0.1", app.config["SECRET_KEY"])
    path = link_from_mail(client, "erase")
    page = client.get(path)
    assert page.status_code == 200 and "Erase my data" in page.get_data(as_text=True)
    assert_private(page)
    assert db.session.get(Comment, theirs).author_email == EMAIL, "the page alone erases nothing"
    assert requester in everything_stored()
    done = client.post(path)
    assert done.status_code == 303 and done.headers["Location"].endswith("/privacy/erased/")
    assert "is erased" in client.get(done.headers["Location"]).get_data(as_text=True)
    stored = everything_stored()
    for trace in (EMAIL.lower(), HASH, NAME.lower(), SITE, address_digest(EMAIL), requester, "quill"):
        assert trace not in stored, trace
    if app.config["ERASE_MODE"] == "anonymise":
        assert "wrote" in stored, "the filter still knows the words that stay"
    db.session.expire_all()
    first = db.session.get(Comment, theirs)
    if app.config["ERASE_MODE"] == "delete":
        assert first is None
    else:
        assert (first.author_name, first.body_raw) == ("a former reader", "What I wrote first.")
    assert db.session.scalar(select(func.count()).select_from(Comment).where(Comment.author_email != "")) == 1
    assert db.session.scalar(select(func.count()).select_from(CommentReport)) == 1, "their report still counts"
    entry = db.session.scalar(select(AuditEntry).filter_by(action="erase"))
    assert entry.username == "the commenter, by mail" and "2 comments" in entry.detail
    assert client.post(path).status_code == 404


def test_an_unknown_address_sees_the_same_page_and_is_not_mailed(client, theirs):
    known, unknown = ask(client, "export"), ask(client, "export", "nobody@example.net")
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert SAME_WORDS in page
    assert mails_to("nobody@example.net") == [] and len(mails_to(EMAIL)) == 1
    # Asking again for the unknown address mails it nothing either: what was recorded is no data of theirs.
    ask(client, "erase", "nobody@example.net")
    assert mails_to("nobody@example.net") == []


def test_mails_are_limited_per_address_whether_or_not_it_commented(app, client, theirs):
    app.config.update(CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY=2)
    for address in (EMAIL, "nobody@example.net"):
        assert [ask(client, purpose, address).status_code for purpose in ("export", "erase")] == [303, 303]
        refused = ask(client, "export", address)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert "try again in" in refused.get_data(as_text=True)
    assert len(mails_to(EMAIL)) == 2


def test_mails_are_limited_per_client(app, client, theirs):
    app.config.update(CONFIRMATION_MAILS_PER_CLIENT_PER_HOUR=2)
    assert ask(client, "export", "one@example.net").status_code == 303
    assert ask(client, "export", "two@example.net").status_code == 303
    assert ask(client, "export").status_code == 429
    assert mails_to(EMAIL) == []


def test_a_bad_address_is_refused_with_the_reason(client, theirs):
    response = ask(client, "erase", "not an address")
    assert response.status_code == 400
    assert "That email address is not valid" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Confirmation)) == 0


def test_tampered_expired_and_foreign_links_open_nothing(app, client, theirs):
    export_path, erase_path = link_from_mail(client, "export"), None
    db.session.execute(db.delete(OutboxMail))
    erase_path = link_from_mail(client, "erase")
    token = erase_path.rstrip("/").rsplit("/", 1)[1]
    tampered = erase_path.replace(token, token[:-3] + ("xyz" if not token.endswith("xyz") else "abc"))
    foreign = erase_path.replace("/erase/", "/export/")
    for path in (tampered, foreign, "/privacy/export/not-a-token/"):
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 404, path
            assert "This link does not work" in response.get_data(as_text=True)
    db.session.execute(db.update(Confirmation).values(
        created_at=utcnow() - timedelta(hours=app.config["CONFIRMATION_LINK_HOURS"], minutes=1)))
    db.session.commit()
    assert client.post(erase_path).status_code == 404 and client.get(export_path).status_code == 404
    db.session.expire_all()
    assert db.session.get(Comment, theirs).author_email == EMAIL


def form_token(page: str, action: str) -> str:
    """The CSRF token inside the form that posts to ``action`` (none: the test fails)."""
    match = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>\s*<input name="csrf_token" '
                      r'type="hidden" value="([^"]+)"', page)
    assert match, f"the form posting to {action} carries no token"
    return match.group(1)


def test_a_signed_in_reader_asks_and_downloads_with_their_session_token(client, make, sign_in, theirs):
    """Staff's posts need their session's CSRF token: the privacy forms and the button carry it for them."""
    make.user()
    assert sign_in().status_code == 303
    page = client.get("/privacy/").get_data(as_text=True)
    for purpose in ("export", "erase"):
        assert form_token(page, f"/privacy/{purpose}")
    asked = client.post("/privacy/export", data={"email": EMAIL, "csrf_token": form_token(page, "/privacy/export")})
    assert asked.status_code == 303
    [mail] = mails_to(EMAIL)
    [link] = LINK.findall(mail.get_content())
    path = link.split("blog.test", 1)[1]
    assert client.post(path).status_code == 400, "without the token, nothing is sent"
    token = form_token(client.get(path).get_data(as_text=True), path)
    download = client.post(path, data={"csrf_token": token})
    assert download.status_code == 200 and json.loads(download.get_data(as_text=True))["comments"]
