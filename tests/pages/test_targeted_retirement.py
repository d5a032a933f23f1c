"""A change retires the cached pages that show what it changed, and no others,
in each worker's memory and in Redis; the pages name what they show for caches in front."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta

import pytest
import redis
from flask import before_render_template
from sqlalchemy.orm import Session

from blogapp.extensions import db
from blogapp.storage.models import Comment, CommentStatus, Role, utcnow

from helpers.accounts import approve_in_the_queue, browser_signed_in
from helpers.servers import TEST_REDIS_URL, redis_answers

REDIS_PREFIX = f"blogapp-test-retire-{uuid.uuid4().hex}:"
BACKENDS = [
    pytest.param({}, id="memory"),
    pytest.param({"REDIS_URL": TEST_REDIS_URL, "PAGE_CACHE_KEY_PREFIX": REDIS_PREFIX}, id="redis",
                 marks=pytest.mark.skipif(not redis_answers(), reason=f"needs Redis at {TEST_REDIS_URL}")),
]


@pytest.fixture(autouse=True)
def forget_redis_keys():
    yield
    if redis_answers():
        keys = redis.Redis.from_url(TEST_REDIS_URL)
        for key in keys.scan_iter(f"{REDIS_PREFIX}*"):
            keys.delete(key)


def state(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.headers["X-Page-Cache"]


@pytest.fixture
def two_articles(make):
    """X in News, Y in Essays, each with a pending comment; every page viewed once, so all are cached."""
    news, essays = make.category("News", slug="news"), make.category("Essays", slug="essays")
    x = make.article(title="Article X", slug="x", category=news)
    y = make.article(title="Article Y", slug="y", category=essays)
    pending = make.comment(x, "Held for a moderator", status=CommentStatus.PENDING)
    make.comment(y, "Held on Y too", status=CommentStatus.PENDING)
    return x, y, pending


PAGES = {"X": "/articles/x/", "Y": "/articles/y/", "News": "/category/news/", "Essays": "/category/essays/",
         "home": "/", "feed": "/feed.atom", "News feed": "/category/news/feed.atom",
         "Essays feed": "/category/essays/feed.atom", "sitemap": "/sitemap.xml"}


def warm(client) -> None:
    for url in PAGES.values():
        client.get(url)
    assert {name: state(client, url) for name, url in PAGES.items()} == dict.fromkeys(PAGES, "hit")


def states(client) -> dict[str, str]:
    return {name: state(client, url) for name, url in PAGES.items()}


@pytest.mark.parametrize("app_config", BACKENDS, indirect=True)
def test_an_approval_on_x_retires_x_its_category_and_the_home_page_and_nothing_else(app, client, make, two_articles):
    x, _y, pending = two_articles
    warm(client)
    make.user("mia", Role.MODERATOR)
    moderator = browser_signed_in(app, "mia")
    approved = approve_in_the_queue(moderator, pending.id)
    assert approved.status_code == 303
    # The listings show each article's comment count: those that list X change.
    assert states(client) == {**dict.fromkeys(PAGES, "hit"), "X": "miss", "News": "miss", "home": "miss"}
    assert "Held for a moderator" in client.get(PAGES["X"]).get_data(as_text=True)
    assert '<a href="/articles/x/#comments">1 comment</a>' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("app_config", BACKENDS, indirect=True)
def test_editing_an_article_retires_its_page_and_the_listings_and_feeds_it_is_in(client, make, two_articles):
    x, _y, _pending = two_articles
    warm(client)
    x.title = "Article X, retitled"
    db.session.commit()
    assert states(client) == {**dict.fromkeys(PAGES, "hit"), "X": "miss", "News": "miss", "home": "miss",
                              "feed": "miss", "News feed": "miss", "sitemap": "miss"}
    assert "Article X, retitled" in client.get("/feed.atom").get_data(as_text=True)


@pytest.mark.parametrize("app_config", BACKENDS, indirect=True)
def test_moving_an_article_retires_the_category_it_left_and_the_one_it_joined(client, make, two_articles):
    x, y, _pending = two_articles
    warm(client)
    x.category = y.category
    db.session.commit()
    retired = {name for name, found in states(client).items() if found == "miss"}
    assert {"X", "News", "Essays", "News feed", "Essays feed", "home"} <= retired and "Y" not in retired
    assert "Article X" in client.get("/category/essays/").get_data(as_text=True)
    assert "Article X" not in client.get("/category/news/").get_data(as_text=True)


@pytest.mark.parametrize("app_config", BACKENDS, indirect=True)
def test_renaming_a_category_retires_every_page(client, two_articles):
    x, _y, _pending = two_articles
    warm(client)
    x.category.name = "World News"
    db.session.commit()
    assert states(client) == dict.fromkeys(PAGES, "miss")
    assert "World News" in client.get(PAGES["X"]).get_data(as_text=True)


@pytest.mark.parametrize("app_config", BACKENDS, indirect=True)
def test_a_scheduled_article_coming_out_retires_what_it_joins(client, make, two_articles):
    x, _y, _pending = two_articles
    # Seconds of margin for warming the cache (milliseconds on an idle machine);
    # then the wait lasts until the article's moment, however long warming took.
    coming_out = utcnow() + timedelta(seconds=4)
    make.article(title="Coming soon", slug="soon", category=x.category, published_at=coming_out)
    warm(client)
    assert "Coming soon" not in client.get("/").get_data(as_text=True)
    time.sleep(max(0.0, (coming_out - utcnow()).total_seconds()) + 0.1)
    assert states(client) == {**dict.fromkeys(PAGES, "hit"), "News": "miss", "home": "miss", "feed": "miss",
                              "News feed": "miss", "sitemap": "miss"}
    assert "Coming soon" in client.get("/").get_data(as_text=True)
    assert client.get("/articles/soon/").status_code == 200


def test_pages_name_what_they_show_for_caches_that_purge_by_tag(client, two_articles):
    x, y, _pending = two_articles
    article = client.get(PAGES["X"])
    assert article.headers["Surrogate-Key"] == f"article-{x.id}"
    assert article.headers["Cache-Tag"] == f"article-{x.id}"
    category = client.get(PAGES["News"])
    assert category.headers["Surrogate-Key"].split() == sorted([f"article-{x.id}", f"category-{x.category_id}"])
    home = client.get("/")
    assert set(home.headers["Surrogate-Key"].split()) == {"home", f"article-{x.id}", f"article-{y.id}"}
    assert set(home.headers["Cache-Tag"].split(",")) == {"home", f"article-{x.id}", f"article-{y.id}"}
    # A 304 says the same, so a cache that revalidates keeps the tags right.
    again = client.get("/", headers={"If-None-Match": home.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Surrogate-Key"] == home.headers["Surrogate-Key"]


def test_a_page_for_one_reader_names_nothing(client, make, two_articles, sign_in):
    make.user("mia", Role.MODERATOR)
    sign_in("mia")
    response = client.get(PAGES["X"])
    assert response.headers["Cache-Control"].startswith("private") and "Surrogate-Key" not in response.headers


@pytest.mark.parametrize("app_config", BACKENDS, indirect=True)
def test_a_change_committed_while_a_page_renders_retires_that_page(app, client, two_articles):
    """Another worker approves a comment after this one read the comments and
    before it stored the page: the page it stores is retired already."""
    x, _y, pending = two_articles
    pending_id = pending.id
    db.session.commit()  # Reading the id began a transaction here that would hold SQLite's write lock.

    def approve(app_of_another_worker):
        with app_of_another_worker.app_context(), Session(db.engine) as session:
            session.get(Comment, pending_id).status = CommentStatus.APPROVED
            session.commit()

    def approve_elsewhere(_sender, template, **_context):
        if template.name == "blog/article.html":
            # Another thread, with no request of its own: it writes as a worker's POST does.
            other_worker = threading.Thread(target=approve, args=(app,))
            other_worker.start()
            other_worker.join()

    with before_render_template.connected_to(approve_elsewhere, app):
        first = client.get(PAGES["X"])
    assert first.headers["X-Page-Cache"] == "miss" and "Held for a moderator" not in first.get_data(as_text=True)
    db.session.remove()  # The test's app context outlives requests; a worker's session would not.
    again = client.get(PAGES["X"])
    assert again.headers["X-Page-Cache"] == "miss" and "Held for a moderator" in again.get_data(as_text=True)


def test_a_comment_approved_as_it_is_posted_retires_its_article_only(app, make, two_articles, post_comment):
    """The one write past the ORM (storing a reader's comment) says which article it changed."""
    x, _y, _pending = two_articles
    app.config["COMMENT_AUTO_APPROVE_KNOWN_AUTHORS"] = True
    make.comment(x, "Approved earlier", author_email="ana@example.org")
    reader = app.test_client()
    warm(reader)
    assert post_comment(x, email="ana@example.org", body="Straight onto the page").status_code == 303
    assert states(reader) == {**dict.fromkeys(PAGES, "hit"), "X": "miss", "News": "miss", "home": "miss"}
    assert "Straight onto the page" in reader.get(PAGES["X"]).get_data(as_text=True)
