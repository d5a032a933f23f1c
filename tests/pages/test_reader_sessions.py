"""Readers who only read get no cookie: every page they can reach is one any HTTP cache may share."""

from __future__ import annotations

import pytest

from harness.pages import PAGES

READ_ONLY_PAGES = [page for page in PAGES if page.role is None and not page.fill]


@pytest.mark.parametrize("page_type", READ_ONLY_PAGES, ids=[page.name for page in READ_ONLY_PAGES])
def test_a_reader_who_only_reads_gets_no_cookie(app, site, page_type):
    reader = app.test_client()
    for _ in range(2):  # rendered, then (where the cache keeps it) from the cache
        response = reader.get(site.url(page_type.path))
        assert response.status_code == page_type.status
        assert response.headers.getlist("Set-Cookie") == [], page_type.name


def test_shared_pages_say_shared_caches_may_keep_them_and_personal_ones_do_not(app, client, site, post_comment):
    shared = app.test_client().get(site.url("/articles/{slug}/"))
    assert shared.headers["Cache-Control"] == "public, max-age=0, s-maxage=1, stale-while-revalidate=30"
    assert shared.headers["Vary"] == "Cookie" and shared.headers["X-Accel-Expires"].startswith("@")
    from blogapp.storage.models import Article
    from blogapp.extensions import db

    article = db.session.get(Article, site.article_id)
    assert post_comment(article).status_code == 303  # now this reader has a pending comment of their own
    own = client.get(site.url("/articles/{slug}/"))
    assert own.headers["Cache-Control"] == "private, no-cache" and "X-Accel-Expires" not in own.headers


def test_a_signed_in_session_still_ends_when_the_browser_changes(client, make, sign_in):
    make.user("mia")
    assert sign_in("mia").status_code == 303
    assert client.get("/moderation/").status_code == 200
    # "strong" session protection: another browser with the same cookie is signed out.
    response = client.get("/moderation/", headers={"User-Agent": "another browser"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
