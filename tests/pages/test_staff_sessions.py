"""A staff cookie names a session the server can end (issue 13, findings 1 and 2)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from blogapp.extensions import db
from blogapp.storage.models import Role, StaffSession, User, utcnow

from helpers.accounts import browser_signed_in
from helpers.forms import csrf_token_from

ADMIN_ONLY = "/moderation/log/"
STAFF_PAGE = "/moderation/"


def copy_of_cookie(app, browser):
    """Another browser holding a copy of ``browser``'s session cookie, as a thief would."""
    cookie = browser.get_cookie(app.config["SESSION_COOKIE_NAME"], domain=app.config["SERVER_NAME"])
    thief = app.test_client()
    thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return thief


def can_open(browser, url: str = STAFF_PAGE) -> bool:
    response = browser.get(url)
    assert response.status_code in (200, 302, 403)
    return response.status_code == 200


def test_a_deleted_accounts_cookie_never_opens_a_later_account(app, runner, make):
    make.user("keeper", Role.ADMIN)
    make.user("temp1", Role.EDITOR)
    old = browser_signed_in(app, "temp1")
    temp1_id = db.session.scalar(select(User.id).filter_by(username="temp1"))
    assert runner.invoke(args=["users", "delete", "temp1", "--yes"]).exit_code == 0
    make.user("boss", Role.ADMIN)
    assert db.session.scalar(select(User.id).filter_by(username="boss")) > temp1_id  # the id is not handed out again
    assert not can_open(old, ADMIN_ONLY)
    assert browser_signed_in(app, "boss").get(ADMIN_ONLY).status_code == 200


def test_signing_out_ends_that_session_for_every_copy_of_its_cookie(app, make):
    make.user()
    browser = browser_signed_in(app, "moderator")
    other_browser = browser_signed_in(app, "moderator")
    thief = copy_of_cookie(app, browser)
    assert can_open(thief)
    token = csrf_token_from(browser.get(STAFF_PAGE).get_data(as_text=True))
    assert browser.post("/auth/logout", data={"csrf_token": token}).status_code == 303
    assert not can_open(browser)
    assert not can_open(thief)
    assert can_open(other_browser)  # signing out here ends no session elsewhere


@pytest.mark.parametrize("command", [
    ["users", "set-password", "mia", "--password-stdin"],
    ["users", "set-role", "mia", "editor"],
    ["users", "sign-out", "mia"],
])
def test_a_new_password_a_new_role_or_sign_out_ends_every_session_of_the_user(app, runner, make, command):
    make.user("mia", Role.MODERATOR)
    make.user("noor", Role.MODERATOR)
    browsers = [browser_signed_in(app, "mia"), browser_signed_in(app, "mia")]
    bystander = browser_signed_in(app, "noor")
    result = runner.invoke(args=command, input="a brand new password\n")
    assert result.exit_code == 0, result.output
    assert "2 sessions" in result.output
    assert not any(can_open(browser) for browser in browsers)
    assert can_open(bystander)


def test_sign_out_says_when_there_was_nothing_to_end(runner, make):
    make.user("mia")
    result = runner.invoke(args=["users", "sign-out", "mia"])
    assert result.exit_code == 0 and "'mia' had no session to end" in result.output
    assert "no user named 'nobody'" in runner.invoke(args=["users", "sign-out", "nobody"]).output


def test_deleting_a_user_ends_their_sessions_and_leaves_no_rows(app, runner, make):
    make.user("keeper", Role.ADMIN)
    make.user("mia")
    browser = browser_signed_in(app, "mia")
    result = runner.invoke(args=["users", "delete", "mia", "--yes"])
    assert "ended 1 session" in result.output
    assert not can_open(browser)
    assert db.session.scalar(select(func.count()).select_from(StaffSession)) == 0


def test_a_session_older_than_the_cookies_lifetime_is_refused_and_forgotten(app, make):
    make.user()
    browser = browser_signed_in(app, "moderator")
    db.session.execute(update(StaffSession).values(created_at=utcnow() - app.permanent_session_lifetime * 2))
    db.session.commit()
    assert not can_open(browser)
    with browser.session_transaction() as session:
        assert "_user_id" not in session  # the browser reads shared pages again
    browser_signed_in(app, "moderator")
    assert db.session.scalar(select(func.count()).select_from(StaffSession)) == 1  # the expired row went


def test_the_cookie_holds_a_session_key_and_the_database_only_its_digest(app, make):
    user = make.user()
    browser = browser_signed_in(app, "moderator")
    with browser.session_transaction() as session:
        key = session["_user_id"]
    assert key != str(user.id) and len(key) >= 40
    stored = db.session.scalars(select(StaffSession.key_digest)).all()
    assert stored and key not in stored
