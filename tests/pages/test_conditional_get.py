"""ETag and Last-Modified on pages: a browser revalidates, and gets 304 when nothing changed."""

from __future__ import annotations

import time

import pytest

from blogapp.extensions import db


@pytest.fixture
def article(make):
    return make.article(title="Conditional", slug="conditional")


def test_unchanged_page_is_answered_304_without_a_body(client, article):
    first = client.get("/articles/conditional/")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Last-Modified"]
    again = client.get("/articles/conditional/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and "Content-Length" not in again.headers
    assert again.headers["ETag"] == etag and again.headers["Cache-Control"].startswith("public, max-age=0, s-maxage=")


def test_a_change_to_the_page_gives_it_a_new_etag(client, make, article):
    etag = client.get("/articles/conditional/").headers["ETag"]
    make.comment(article, "A new approved comment")
    changed = client.get("/articles/conditional/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "A new approved comment" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


def test_a_change_elsewhere_keeps_this_page_valid(client, make, article):
    etag = client.get("/articles/conditional/").headers["ETag"]
    make.comment(make.article(), "On another article")
    assert client.get("/articles/conditional/", headers={"If-None-Match": etag}).status_code == 304


def test_every_cookieless_reader_gets_the_same_bytes_and_etag(app, article):
    first, second = app.test_client().get("/articles/conditional/"), app.test_client().get("/articles/conditional/")
    assert second.headers["X-Page-Cache"] == "hit"
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert "Set-Cookie" not in first.headers and "Set-Cookie" not in second.headers


@pytest.mark.parametrize("cookie", [None, "session=not-one-we-signed", "theme=dark"])
def test_a_conditional_get_with_the_shared_etag_is_answered_304_with_or_without_cookies(app, article, cookie):
    etag = app.test_client().get("/articles/conditional/").headers["ETag"]
    headers = {"If-None-Match": etag, **({"Cookie": cookie} if cookie else {})}
    response = app.test_client().get("/articles/conditional/", headers=headers)
    assert response.status_code == 304 and response.headers["ETag"] == etag


def test_if_modified_since_is_answered_too(client, article):
    first = client.get("/")
    assert client.get("/", headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    article.title = "Conditional, retitled"
    db.session.commit()
    time.sleep(1.05)  # HTTP dates count whole seconds
    article.title = "Conditional, again"
    db.session.commit()
    response = client.get("/", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert response.status_code == 200 and "Conditional, again" in response.get_data(as_text=True)


def test_feeds_revalidate_too(client, article):
    etag = client.get("/feed.atom").headers["ETag"]
    assert client.get("/feed.atom", headers={"If-None-Match": etag}).status_code == 304


def test_staff_pages_are_private_and_not_answered_from_the_cache(client, make, sign_in, article):
    make.user("mia")
    sign_in("mia")
    response = client.get("/articles/conditional/")
    assert response.headers["Cache-Control"] == "private, no-cache" and "ETag" not in response.headers
