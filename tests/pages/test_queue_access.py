"""Who may use the moderation pages, and that every POST needs a CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import AuditEntry, Comment, CommentStatus, Role


# (method, URL template, form data); {id} is a pending comment's id.
ENDPOINTS = [
    ("GET", "/moderation/", None),
    ("GET", "/moderation/?tab=spam", None),
    ("GET", "/moderation/comments/{id}/", None),
    ("POST", "/moderation/bulk", {"action": "spam", "ids": "{id}"}),
    ("POST", "/moderation/comments/{id}/approve", {}),
    ("POST", "/moderation/comments/{id}/unapprove", {}),
    ("POST", "/moderation/comments/{id}/spam", {}),
    ("POST", "/moderation/comments/{id}/trash", {}),
    ("POST", "/moderation/comments/{id}/restore", {}),
    ("POST", "/moderation/comments/{id}/delete", {}),
    ("POST", "/moderation/comments/{id}/edit", {"edit-body": "Edited."}),
    ("POST", "/moderation/comments/{id}/reply", {"reply-body": "Thanks!"}),
]
ADMIN_ONLY = [("GET", "/moderation/log/", None)]
POSTS = [e for e in ENDPOINTS if e[0] == "POST"]


@pytest.fixture
def pending(make) -> Comment:
    article = make.article()
    return make.comment(article, "Please look at this.", status=CommentStatus.PENDING)


def _request(client, token, method, url, data, comment_id):
    url = url.format(id=comment_id)
    if method == "GET":
        return client.get(url)
    form = {k: v.format(id=comment_id) for k, v in data.items()}
    if token:
        form["csrf_token"] = token
    return client.post(url, data=form)


def _snapshot():
    comments = db.session.execute(select(Comment.id, Comment.status, Comment.body_raw)).all()
    db.session.expire_all()
    return sorted(comments), db.session.scalar(select(func.count()).select_from(AuditEntry))


def _token(client) -> str | None:
    """The session's CSRF token, from the sign-out form; None for an anonymous visitor (who has none)."""
    from helpers.forms import CSRF_FIELD

    match = CSRF_FIELD.search(client.get("/").get_data(as_text=True))
    return match.group(1) if match else None


@pytest.mark.parametrize("method,url,data", ENDPOINTS + ADMIN_ONLY)
def test_anonymous_visitors_are_sent_to_sign_in(client, pending, method, url, data):
    token = _token(client)
    before = _snapshot()
    response = _request(client, token, method, url, data, pending.id)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    assert _snapshot() == before


@pytest.mark.parametrize("method,url,data", ENDPOINTS + ADMIN_ONLY)
def test_editors_are_refused(client, make, sign_in, pending, method, url, data):
    make.user("eddie", Role.EDITOR)
    sign_in("eddie")
    before = _snapshot()
    response = _request(client, _token(client), method, url, data, pending.id)
    assert response.status_code == 403
    assert "You are not allowed to do that here." in response.get_data(as_text=True)
    assert _snapshot() == before


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
@pytest.mark.parametrize("method,url,data", ENDPOINTS)
def test_moderators_and_admins_may_moderate(client, make, sign_in, pending, role, method, url, data):
    make.user("staff", role)
    sign_in("staff")
    response = _request(client, _token(client), method, url, data, pending.id)
    assert response.status_code == (200 if method == "GET" else 303)


def test_only_admins_see_the_audit_log(client, make, sign_in):
    make.user("mod", Role.MODERATOR)
    make.user("boss", Role.ADMIN)
    sign_in("mod")
    assert client.get("/moderation/log/").status_code == 403
    assert "Audit log" not in client.get("/moderation/").get_data(as_text=True)
    client.post("/auth/logout", data={"csrf_token": _token(client)})
    sign_in("boss")
    response = client.get("/moderation/log/")
    assert response.status_code == 200
    assert "<h1>Audit log</h1>" in response.get_data(as_text=True)


@pytest.mark.parametrize("method,url,data", POSTS)
def test_every_moderation_post_needs_a_csrf_token(client, make, sign_in, pending, method, url, data):
    make.user()
    sign_in()
    before = _snapshot()
    response = _request(client, None, method, url, data, pending.id)
    assert response.status_code == 400
    assert "could not be verified, so nothing was saved" in response.get_data(as_text=True)
    assert _snapshot() == before
