"""The page cache: shared pages for anonymous readers, never their private parts."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import ArticleStatus, Comment, CommentStatus, Role, utcnow
from blogapp.web.render_time import seconds_since_render

from helpers.accounts import approve_in_the_queue, browser_signed_in
from helpers.forms import csrf_token_from

RENDERED = re.compile(r'name="rendered" type="hidden" value="([^"]+)"')


def state(response) -> str:
    return response.headers["X-Page-Cache"]


@pytest.fixture
def article(make):
    return make.article(title="Cached", slug="cached")


def test_second_view_is_served_from_the_cache(client, article):
    first, second = client.get("/articles/cached/"), client.get("/articles/cached/")
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.headers["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert second.get_data(as_text=True).count("Cached") >= 2


def test_an_approval_shows_at_once(app, client, make, article, sign_in):
    pending = make.comment(article, "Waiting for a moderator", status=CommentStatus.PENDING)
    assert "Waiting for a moderator" not in client.get("/articles/cached/").get_data(as_text=True)
    assert state(client.get("/articles/cached/")) == "hit"
    make.user("mia", Role.MODERATOR)
    moderator = browser_signed_in(app, "mia")
    response = approve_in_the_queue(moderator, pending.id)
    assert response.status_code == 303
    after = client.get("/articles/cached/")
    assert state(after) == "miss" and "Waiting for a moderator" in after.get_data(as_text=True)


def test_every_reader_shares_one_page_with_no_token_of_theirs(app, article):
    first, second = app.test_client(), app.test_client()
    page_one = first.get("/articles/cached/")
    response = second.get("/articles/cached/")
    assert state(response) == "hit" and response.data == page_one.data
    assert 'name="csrf_token"' not in response.get_data(as_text=True)
    assert 0 <= seconds_since_render(RENDERED.search(response.get_data(as_text=True)).group(1)) < 600


def test_a_pending_comment_is_seen_by_its_author_only(app, client, article, post_comment):
    other = app.test_client()
    other.get("/articles/cached/")
    assert post_comment(article, body="My pending words").status_code == 303
    own = client.get("/articles/cached/")
    assert state(own) == "bypass" and "My pending words" in own.get_data(as_text=True)
    shared = other.get("/articles/cached/")
    assert state(shared) == "hit" and "My pending words" not in shared.get_data(as_text=True)
    # Once the comment is decided, its author shares pages again.
    comment = db.session.scalar(select(Comment).where(Comment.body_raw == "My pending words"))
    comment.status = CommentStatus.APPROVED
    db.session.commit()
    assert "My pending words" in client.get("/articles/cached/").get_data(as_text=True)
    assert state(client.get("/articles/cached/")) in ("miss", "hit")


def test_a_comment_approved_as_it_is_posted_shows_at_once(app, make, article, post_comment):
    app.config["COMMENT_AUTO_APPROVE_KNOWN_AUTHORS"] = True
    make.comment(article, "Approved earlier", author_email="ana@example.org", status=CommentStatus.APPROVED)
    other = app.test_client()
    other.get("/articles/cached/")
    assert state(other.get("/articles/cached/")) == "hit"
    assert post_comment(article, email="ana@example.org", body="Straight onto the page").status_code == 303
    after = other.get("/articles/cached/")
    assert state(after) == "miss" and "Straight onto the page" in after.get_data(as_text=True)


def test_staff_are_never_served_or_stored_in_the_cache(client, make, article, sign_in):
    anonymous_page = client.get("/articles/cached/").get_data(as_text=True)
    make.user("mia", Role.MODERATOR)
    sign_in("mia")
    staff = client.get("/articles/cached/")
    assert state(staff) == "bypass" and "Signed in as mia" in staff.get_data(as_text=True)
    assert "Signed in as" not in anonymous_page
    client.post("/auth/logout", data={"csrf_token": csrf_token_from(staff.get_data(as_text=True))})
    client.get("/")  # the sign-out message is shown once, on a page of this reader's own
    again = client.get("/articles/cached/")
    assert state(again) == "hit" and "Signed in as" not in again.get_data(as_text=True)


def test_drafts_are_never_cached(client, make, article):
    draft = make.article(slug="draft", status=ArticleStatus.DRAFT, published_at=None)
    assert client.get("/articles/draft/").status_code == 404
    assert client.get("/articles/cached/").status_code == 200
    article.status = ArticleStatus.DRAFT
    db.session.commit()
    assert client.get("/articles/cached/").status_code == 404
    assert "Cached" not in client.get("/").get_data(as_text=True)
    draft.status = ArticleStatus.PUBLISHED
    draft.published_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get("/articles/draft/").status_code == 200


def test_a_scheduled_article_appears_when_its_time_comes(client, make):
    make.article(title="Out already")
    make.article(title="Coming soon", published_at=utcnow() + timedelta(seconds=1.5))
    assert "Coming soon" not in client.get("/").get_data(as_text=True)
    assert state(client.get("/")) == "hit"
    time.sleep(1.6)
    assert "Coming soon" in client.get("/").get_data(as_text=True)


def test_comments_close_by_age_with_the_cache_warm(app, client, make):
    app.config["COMMENTS_CLOSE_AFTER_DAYS"] = 1
    make.article(slug="aging", published_at=utcnow() - timedelta(days=1) + timedelta(seconds=1.5))
    assert 'id="comment-form"' in client.get("/articles/aging/").get_data(as_text=True)
    time.sleep(1.6)
    assert "Comments are closed." in client.get("/articles/aging/").get_data(as_text=True)


def test_flashed_messages_are_not_shared(app, client, make, article, post_comment):
    post_comment(article, body="Hello there")
    flashed = client.get("/")
    assert state(flashed) == "bypass" and "awaiting moderation" in flashed.get_data(as_text=True)
    assert "awaiting moderation" not in app.test_client().get("/").get_data(as_text=True)


def test_other_query_parameters_share_the_page(client, article):
    client.get("/articles/cached/")
    assert state(client.get("/articles/cached/?utm_source=feed")) == "hit"
    assert state(client.get("/articles/cached/?reply_to=1")) == "bypass"


def test_shared_pages_keep_their_content_type_rendered_or_stored(client, make, article):
    make.category(slug="notes")
    for url, content_type in [
        ("/", "text/html; charset=utf-8"),
        ("/category/notes/", "text/html; charset=utf-8"),
        ("/articles/cached/", "text/html; charset=utf-8"),
        ("/feed.atom", "application/atom+xml; charset=utf-8"),
    ]:
        first, second = client.get(url), client.get(url)
        assert (state(first), state(second)) == ("miss", "hit"), url
        assert first.headers["Content-Type"] == second.headers["Content-Type"] == content_type, url


def test_the_cache_can_be_turned_off(app, client, article):
    app.config["PAGE_CACHE_ENABLED"] = False
    assert [state(client.get("/articles/cached/")) for _ in range(2)] == ["miss", "miss"]


def test_a_page_answered_before_flask_is_logged_and_protected_like_any(app, client, article, caplog):
    import logging

    client.get("/articles/cached/")
    caplog.set_level(logging.INFO, logger="blogapp")
    hit = app.test_client().get("/articles/cached/", headers={"X-Request-ID": "lb-1234"})
    assert state(hit) == "hit" and hit.headers["X-Request-ID"] == "lb-1234"
    assert "default-src 'self'" in hit.headers["Content-Security-Policy"]
    assert hit.headers["X-Frame-Options"] == "DENY" and "Cookie" in hit.headers["Vary"]
    assert "Set-Cookie" not in hit.headers
    [line] = [r for r in caplog.records if r.name == "blogapp.request" and r.request_id == "lb-1234"]
    assert line.getMessage().startswith("GET /articles/cached/ 200 ")
    assert client.head("/articles/cached/").data == b""
