"""A reader's session is set once, not on every page (found by the load tests)."""

from __future__ import annotations


def test_a_reader_gets_cookies_once_then_none(client, make):
    article = make.article()
    first = client.get(f"/articles/{article.slug}/")
    # Only the session: no order to delete a remember cookie the reader never had.
    [cookie] = first.headers.getlist("Set-Cookie")
    assert cookie.startswith("session=")
    for path in (f"/articles/{article.slug}/", "/", f"/articles/{article.slug}/"):
        assert client.get(path).headers.getlist("Set-Cookie") == [], path


def test_a_signed_in_session_still_ends_when_the_browser_changes(client, make, sign_in):
    make.user("mia")
    assert sign_in("mia").status_code == 303
    assert client.get("/moderation/").status_code == 200
    # "strong" session protection: another browser with the same cookie is signed out.
    response = client.get("/moderation/", headers={"User-Agent": "another browser"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]

