"""Load and faults under gunicorn with 4 workers: nothing lost, nothing broken.

Eight readers post 1,200 comments at once, each request from its own
forwarded address (the server trusts one proxy), so per-client limits do not
interfere. Then the same load is cut short by kill -9 of the master and every
worker; after a restart every comment that got its 303 is there. Runs on
SQLite, and on PostgreSQL when the suite does.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text

from blogapp.extensions import db
from blogapp.storage.models import Comment

from harness.load import Reader, Tally, kill_hard, post_comments
from helpers.servers import start_server, stop_server, wait_until_healthy

pytestmark = pytest.mark.load

READERS, PER_READER = 8, 150
LOAD_CONFIG = {"TRUSTED_PROXIES": 1, "COMMENT_MIN_SECONDS": 0, "LOG_LEVEL": "WARNING"}


def new_article(make) -> tuple[str, str]:
    """An article's slug and title; then the test's session lets go of SQLite's write lock."""
    article = make.article()
    slug, title = article.slug, article.title
    # Outside a request our session begins with BEGIN IMMEDIATE: end it, or
    # every worker's write would wait for it.
    db.session.close()
    return slug, title


def stored_comments() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def test_eight_readers_post_1200_comments_and_every_303_is_stored(make, migrated_database, tmp_path):
    slug, _ = new_article(make)
    tally = Tally()
    server = start_server(migrated_database, tmp_path, workers=4, **LOAD_CONFIG)
    try:
        started = time.monotonic()
        post_comments(server.url, slug, READERS, PER_READER, tally, deadline=started + 240)
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    assert sum(tally.statuses.values()) == READERS * PER_READER
    assert not [status for status in tally.statuses if status >= 500 or status == 0], tally.statuses
    assert stored_comments() == tally.statuses[303] == READERS * PER_READER, (tally.statuses, server.log()[-3000:])
    print(f"1,200 comments in {elapsed:.1f} s ({READERS * PER_READER / elapsed:.0f}/s)")


def test_kill_9_mid_load_loses_no_acknowledged_comment(make, migrated_database, tmp_path):
    slug, title = new_article(make)
    tally, stop = Tally(), threading.Event()
    server = start_server(migrated_database, tmp_path, workers=4, **LOAD_CONFIG)
    load = threading.Thread(target=post_comments, daemon=True,
                            args=(server.url, slug, READERS, PER_READER, tally, time.monotonic() + 120, stop))
    try:
        load.start()
        deadline = time.monotonic() + 60
        while tally.statuses[303] < 200 and time.monotonic() < deadline:
            time.sleep(0.02)
        kill_hard(server)
        stop.set()
        load.join(60)
    finally:
        stop_server(server)
    assert tally.statuses[303] >= 200, tally.statuses

    restarted = start_server(migrated_database, tmp_path, workers=4, **LOAD_CONFIG)
    try:
        wait_until_healthy(restarted)
        status, page = Reader(restarted.url).request("GET", f"/articles/{slug}/")
    finally:
        stop_server(restarted)
    assert status == 200 and title in page
    db.session.rollback()
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    stored = set(db.session.scalars(select(Comment.body_raw)))
    assert not [body for body in tally.accepted if body not in stored]
    # A request cut off mid-way may have been stored without its 303 reaching the reader.
    assert len(tally.accepted) <= len(stored) <= len(tally.accepted) + READERS
