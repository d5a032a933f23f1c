"""Rate limits hold across 4 gunicorn workers sharing Redis, under concurrent attempts.

Eight readers at one address fire at once. However the requests spread over
the workers and however they interleave, no more than the configured number
get through in a window: failed sign-ins for the login limit, stored
comments for the comment limit.
"""

from __future__ import annotations

import time
import uuid

import pytest

from blogapp.extensions import db

from harness.load import Reader, Tally, run_readers
from helpers.servers import TEST_REDIS_URL, redis_answers, running_servers

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(not redis_answers(), reason=f"needs Redis: nothing answers at {TEST_REDIS_URL}"),
]

READERS, ATTEMPTS = 8, 6
LIMIT = 5


@pytest.fixture
def server(migrated_database, tmp_path):
    options = {
        "REDIS_URL": TEST_REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"blogapp-test-{uuid.uuid4().hex}",
        "TRUSTED_PROXIES": 1,
        "COMMENT_MIN_SECONDS": 0,
        "COMMENT_RATE_LIMIT": f"{LIMIT} per minute",
        "LOGIN_LIMIT_PER_CLIENT": f"{LIMIT} per minute",
        "LOGIN_LIMIT_PER_USERNAME": "1000 per minute",
        "LOG_LEVEL": "WARNING",
    }
    with running_servers(1, migrated_database, tmp_path, workers=4, **options) as [server]:
        yield server


def burst(server, path: str, fields_for, tally: Tally, address: str) -> None:
    """Every reader loads the form, waits for the others, then all post at once."""
    ready, go = [], time.monotonic() + 3

    def work(number: int) -> None:
        reader = Reader(server.url)
        hidden = reader.form(path, address=address)
        ready.append(number)
        time.sleep(max(0.0, go - time.monotonic()))
        for attempt in range(ATTEMPTS):
            status, _ = reader.request("POST", path if "login" in path else path + "comments",
                                       {**hidden, **fields_for(number, attempt)}, address=address)
            tally.add(status)

    run_readers(READERS, work, time.monotonic() + 60)
    assert len(ready) == READERS


def test_failed_sign_ins_are_limited_across_workers(server, make):
    tally = Tally()
    burst(server, "/auth/login", lambda n, a: {"username": f"guess-{n}-{a}", "password": "wrong"}, tally,
          address="198.51.100.7")
    assert set(tally.statuses) <= {400, 429}, tally.statuses
    # Each 400 is a password that was checked: at most LIMIT per window.
    assert tally.statuses[400] <= LIMIT, tally.statuses
    assert tally.statuses[429] >= READERS * ATTEMPTS - LIMIT


def test_comments_are_limited_across_workers(server, make):
    article = make.article()
    slug = article.slug
    db.session.close()
    tally = Tally()
    burst(server, f"/articles/{slug}/", lambda n, a: {"name": "Ada", "email": "ada@example.org",
                                                      "body": f"Burst comment {n}-{a}"}, tally, address="198.51.100.8")
    assert set(tally.statuses) <= {303, 429}, tally.statuses
    assert tally.statuses[303] <= LIMIT, tally.statuses

