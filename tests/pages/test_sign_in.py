"""Signing in: the generic message, safe redirects, the session cookie."""

from __future__ import annotations

import pytest

from helpers.accounts import PASSWORD


def session_cookie_header(response) -> str:
    cookies = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert cookies, "no session cookie was set"
    return cookies[-1]


def test_wrong_username_and_wrong_password_read_the_same(client, make, sign_in):
    make.user("mia")
    unknown = sign_in("nobody", PASSWORD).get_data(as_text=True)
    wrong = sign_in("mia", "not the password").get_data(as_text=True)
    assert "Wrong username or password." in unknown and "Wrong username or password." in wrong
    assert "nobody" not in unknown.split("<main")[1].replace('value="nobody"', "")


def test_session_cookie_is_http_only_and_same_site(client, make, sign_in):
    make.user("mia")
    cookie = session_cookie_header(sign_in("mia"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


@pytest.fixture
def app_config(request) -> dict:
    return {"SESSION_COOKIE_SECURE": True} if request.node.name.startswith("test_https") else {}


def test_https_deployments_get_secure_cookies(app, client, make, sign_in):
    make.user("mia")
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    client.get("/auth/login", base_url="https://blog.test")
    response = client.post("/auth/login", base_url="https://blog.test", headers={"Origin": "https://blog.test"}, data={
        "username": "mia", "password": PASSWORD,
    })
    assert response.status_code == 303
    assert "Secure" in session_cookie_header(response)


@pytest.mark.parametrize("target,expected", [
    ("/moderation/", "/moderation/"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
])
def test_next_only_leads_to_this_site(client, make, post_form, target, expected):
    make.user("mia")
    response = post_form("/auth/login", f"/auth/login?next={target}",
                         {"username": "mia", "password": PASSWORD})
    assert response.headers["Location"] == expected


def test_moderation_page_sends_anonymous_visitors_to_sign_in_and_back(client, make, post_form):
    make.user("mia")
    response = client.get("/moderation/?tab=spam")
    assert response.headers["Location"] == "/auth/login?next=%2Fmoderation%2F%3Ftab%3Dspam"
    done = post_form(response.headers["Location"], response.headers["Location"],
                     {"username": "mia", "password": PASSWORD})
    assert done.headers["Location"] == "/moderation/?tab=spam"


def test_sign_out_is_post_only(client, make, sign_in):
    make.user("mia")
    sign_in("mia")
    assert client.get("/auth/logout").status_code == 405
    assert client.get("/moderation/").status_code == 200
