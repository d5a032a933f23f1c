"""Staff accounts in tests: one password, one way to sign in (the real login form)."""

from __future__ import annotations

from .forms import csrf_token_from

PASSWORD = "correct horse battery"


def sign_in(client, username: str = "moderator", password: str = PASSWORD):
    """Sign ``client`` in through the login form (it has no CSRF token: nobody is signed in yet)."""
    client.get("/auth/login")
    return client.post("/auth/login", data={"username": username, "password": password})


def browser_signed_in(app, username: str, password: str = PASSWORD):
    """A browser (test client) of its own, signed in as ``username``."""
    browser = app.test_client()
    response = sign_in(browser, username, password)
    assert response.status_code == 303, response.get_data(as_text=True)
    return browser


def approve_in_the_queue(moderator, comment_id: int):
    """Approve a pending comment as a signed-in ``moderator`` does: the queue's button, with its token."""
    queue = moderator.get("/moderation/").get_data(as_text=True)
    return moderator.post(f"/moderation/comments/{comment_id}/approve",
                          data={"csrf_token": csrf_token_from(queue), "tab": "pending", "page": "1"})
