"""Two gunicorn instances, one PostgreSQL, one Redis: the many-hosts setup in miniature.

Runs when the suite itself runs on PostgreSQL (BLOGAPP_TEST_DATABASE_URL) and
Redis answers at BLOGAPP_TEST_REDIS_URL; both instances share the suite's
database, and their rate-limit counters live under a key prefix of their own.
"""

from __future__ import annotations

import itertools
import uuid

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import Comment, CommentStatus

from conftest import TEST_DATABASE_URL
from helpers.accounts import PASSWORD
from helpers.servers import TEST_REDIS_URL, Browser, redis_answers, running_servers

pytestmark = [
    pytest.mark.skipif(
        not (TEST_DATABASE_URL or "").startswith("postgresql"),
        reason="needs PostgreSQL: set BLOGAPP_TEST_DATABASE_URL=postgresql+psycopg://... (CI's second run does)",
    ),
    pytest.mark.skipif(not redis_answers(), reason=f"needs Redis: nothing answers at {TEST_REDIS_URL}"),
]

READER_ADDRESSES = (f"198.51.100.{number}" for number in itertools.count(1))


@pytest.fixture(scope="module")
def instances(migrated_database, tmp_path_factory):
    options = {
        "REDIS_URL": TEST_REDIS_URL,
        # A fresh namespace, so counters from an earlier run cannot leak in.
        "RATELIMIT_KEY_PREFIX": f"blogapp-test-{uuid.uuid4().hex}",
        "COMMENT_RATE_LIMIT": "5 per minute",
        # These readers post at once; the "too fast" rule is tested elsewhere.
        "COMMENT_MIN_SECONDS": 0,
        # As behind a load balancer: each test is a reader at its own address.
        "TRUSTED_PROXIES": 1,
    }
    with running_servers(2, migrated_database, tmp_path_factory.mktemp("instances"), **options) as servers:
        yield servers


@pytest.fixture
def reader() -> Browser:
    """A reader whose address (as the load balancer reports it) no other test shares."""
    return Browser(headers={"X-Forwarded-For": next(READER_ADDRESSES)})


def comment_fields(body: str) -> dict:
    return {"name": "Ada", "email": "ada@example.org", "website": "", "body": body}


def post_comment(reader: Browser, server, slug: str, body: str):
    page_url = f"{server.url}/articles/{slug}/"
    return reader.post_form(page_url, page_url + "comments", comment_fields(body))


def test_a_comment_posted_through_one_is_moderated_through_the_other_and_shows_on_both(instances, make, reader):
    first, second = instances
    article = make.article(title="Shared article")
    stranger = Browser()

    # The form comes from the first instance and is sent back to it (CSRF on).
    posted = post_comment(reader, first, article.slug, "Posted through the first instance.")
    assert posted.status == 200 and "awaiting moderation" in posted.text

    [stored] = db.session.scalars(select(Comment)).all()
    assert stored.status == CommentStatus.PENDING
    assert stored.body_raw == "Posted through the first instance."

    # The session cookie signed by the first instance is honoured by the second.
    seen = reader.get(f"{second.url}/articles/{article.slug}/")
    assert "Posted through the first instance." in seen.text
    assert "Your comment is awaiting moderation." in seen.text
    # Another reader sees nothing until a moderator approves it.
    assert "Posted through the first instance." not in stranger.get(f"{second.url}/articles/{article.slug}/").text

    # A moderator works through the queue on the second instance ...
    make.user("mod-two", password=PASSWORD)
    moderator = Browser(headers={"X-Forwarded-For": next(READER_ADDRESSES)})
    signed_in = moderator.post_form(f"{second.url}/auth/login", f"{second.url}/auth/login",
                                    {"username": "mod-two", "password": PASSWORD})
    assert "Signed in as mod-two" in signed_in.text
    queue_url = f"{second.url}/moderation/"
    approved = moderator.post_form(queue_url, f"{queue_url}comments/{stored.id}/approve", {})
    assert approved.status == 200 and "approved" in approved.text.lower()

    # ... and every reader sees the comment through either instance.
    for server in (first, second):
        assert "Posted through the first instance." in stranger.get(f"{server.url}/articles/{article.slug}/").text
    db.session.expire_all()
    assert db.session.get(Comment, stored.id).status == CommentStatus.APPROVED


def test_a_form_from_one_instance_can_be_sent_to_the_other(instances, make, reader):
    first, second = instances
    article = make.article()
    page_url = f"{first.url}/articles/{article.slug}/"
    response = reader.post_form(page_url, f"{second.url}/articles/{article.slug}/comments",
                                comment_fields("Form from one, sent to the other."))
    assert response.status == 200 and "awaiting moderation" in response.text


def test_a_rate_limit_hit_through_one_holds_on_the_other(instances, make, reader):
    first, second = instances
    article = make.article()
    # Five comments, alternating between the instances (and their workers).
    for number in range(5):
        server = (first, second)[number % 2]
        assert post_comment(reader, server, article.slug, f"Comment {number}").status == 200
    for server in (first, second):
        refused = post_comment(reader, server, article.slug, "One too many.")
        assert refused.status == 429, server.url
        assert "too many requests in a short time" in refused.text
    assert len(db.session.scalars(select(Comment)).all()) == 5
    # Another reader, at another address, may still post.
    assert post_comment(Browser(headers={"X-Forwarded-For": "192.0.2.77"}), second, article.slug, "Mine.").status == 200
