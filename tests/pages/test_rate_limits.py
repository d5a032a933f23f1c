"""Rate limits on signing in and on commenting, in memory and in Redis."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db, limiter
from blogapp.storage.models import Comment

from helpers.accounts import PASSWORD
from helpers.servers import TEST_REDIS_URL, redis_answers

STORAGES = [
    pytest.param("memory://", id="memory"),
    pytest.param(
        TEST_REDIS_URL,
        id="redis",
        marks=pytest.mark.skipif(not redis_answers(), reason=f"Redis does not answer at {TEST_REDIS_URL}"),
    ),
]


@pytest.fixture(params=STORAGES)
def app_config(request) -> dict:
    return {
        "RATELIMIT_STORAGE_URI": request.param,
        "LOGIN_LIMIT_PER_CLIENT": "6 per minute",
        "LOGIN_LIMIT_PER_USERNAME": "3 per minute",
        "COMMENT_RATE_LIMIT": "5 per minute",
    }


@pytest.fixture(autouse=True)
def fresh_counters(app):
    """Start each test from zero, touching only this test run's counters."""
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith("redis://"):
        import redis

        server = redis.Redis.from_url(uri)
        stale = server.keys(f"LIMITS:LIMITER/{app.config['RATELIMIT_KEY_PREFIX']}/*")
        if stale:
            server.delete(*stale)
    else:
        limiter.reset()


def sign_in_from(client, address: str, username: str, password: str = "wrong password"):
    client.get("/auth/login", environ_base={"REMOTE_ADDR": address})
    data = {"username": username, "password": password}
    return client.post("/auth/login", data=data, environ_base={"REMOTE_ADDR": address})


def assert_says_when_to_retry(response):
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= 60
    page = response.get_data(as_text=True)
    assert "Too many requests" in page
    said = re.search(r"Please wait (\d+) seconds? \(until \d\d:\d\d:\d\d UTC\) and try again\.", page)
    assert said and abs(int(said.group(1)) - wait) <= 1


def test_failed_sign_ins_are_limited_per_username(client, make):
    make.user("mia")
    for n in range(3):
        response = sign_in_from(client, f"10.0.0.{n}", "mia")
        assert response.status_code == 400 and "Wrong username or password." in response.get_data(as_text=True)
    # A fourth address cannot try the same username, even with the right password...
    assert_says_when_to_retry(sign_in_from(client, "10.0.0.9", "mia", PASSWORD))
    # ...while another username from that address still can.
    assert sign_in_from(client, "10.0.0.9", "someone").status_code == 400


def test_failed_sign_ins_are_limited_per_client(client, make):
    for n in range(6):
        assert sign_in_from(client, "10.0.0.1", f"guess{n}").status_code == 400
    assert_says_when_to_retry(sign_in_from(client, "10.0.0.1", "guess-more"))
    assert sign_in_from(client, "10.0.0.2", "guess-more").status_code == 400


def test_successful_sign_ins_are_not_counted(app, make):
    make.user("mia")
    for _ in range(5):
        # A browser of its own each time: a signed-in one would need its session's token.
        assert sign_in_from(app.test_client(), "10.0.0.1", "mia", PASSWORD).status_code == 303


def test_sixth_comment_in_a_minute_is_refused_and_the_text_kept(client, make, post_comment):
    article = make.article()
    for n in range(5):
        assert post_comment(article, body=f"Comment number {n}").status_code == 303
    response = post_comment(article, body="One too many, but worth keeping")
    assert_says_when_to_retry(response)
    page = response.get_data(as_text=True)
    assert "Your text is below" in page and "One too many, but worth keeping</textarea>" in page
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 5


def test_form_errors_do_not_use_up_the_comment_limit(client, make, post_comment):
    article = make.article()
    for _ in range(6):
        assert post_comment(article, name="").status_code == 400
    assert post_comment(article).status_code == 303


def test_counters_live_in_the_configured_storage(app, client):
    sign_in_from(client, "10.0.0.1", "someone")
    uri = app.config["RATELIMIT_STORAGE_URI"]
    assert limiter.storage.check()
    if uri.startswith("redis://"):
        import redis

        # Another worker or host reading this Redis sees the same counters.
        assert redis.Redis.from_url(uri).keys("LIMITS*")
