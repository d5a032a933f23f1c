"""The page cache across processes: gunicorn workers of one host, and Redis for several."""

from __future__ import annotations

import re
import uuid

import pytest
import redis
from sqlalchemy import select

from blogapp import create_app
from blogapp.extensions import db
from blogapp.storage.models import Article, CommentStatus, Role

from conftest import make_test_config
from helpers.accounts import PASSWORD
from helpers.servers import TEST_REDIS_URL, Browser, redis_answers, running_servers

needs_redis = pytest.mark.skipif(not redis_answers(), reason=f"needs Redis: nothing answers at {TEST_REDIS_URL}")


def test_every_worker_shows_an_approval_at_once(migrated_database, tmp_path, make):
    article = make.article(title="Across workers")
    pending = make.comment(article, "Approved through one worker", status=CommentStatus.PENDING)
    make.user("mia", Role.MODERATOR)
    slug, pending_id = article.slug, pending.id
    # End this process's transaction: SQLite would hold the servers' writes back.
    db.session.commit()
    with running_servers(1, migrated_database, tmp_path, workers=2) as [server]:
        page_url = f"{server.url}/articles/{slug}/"
        reader = Browser()
        # Enough views that both workers hold the page in their memory.
        states = {reader.get(page_url).headers["X-Page-Cache"] for _ in range(12)}
        assert "hit" in states
        moderator = Browser()
        moderator.post_form(f"{server.url}/auth/login", f"{server.url}/auth/login",
                            {"username": "mia", "password": PASSWORD})
        queue = moderator.get(f"{server.url}/moderation/")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', queue.text).group(1)
        approved = moderator.open(f"{server.url}/moderation/comments/{pending_id}/approve",
                                  data={"csrf_token": token, "tab": "pending", "page": "1"})
        assert approved.status == 200
        pages = [reader.get(page_url).text for _ in range(12)]
    assert all("Approved through one worker" in page for page in pages)


@needs_redis
def test_with_redis_instances_share_pages_and_changes(app, make):
    prefix = f"blogapp-test-pages-{uuid.uuid4().hex}:"
    config = make_test_config(app.config["SQLALCHEMY_DATABASE_URI"], REDIS_URL=TEST_REDIS_URL,
                              PAGE_CACHE_KEY_PREFIX=prefix)
    first, second = create_app(config), create_app(config)
    slug = make.article(title="Shared through Redis").slug
    db.session.remove()
    try:
        with first.app_context():
            assert first.test_client().get(f"/articles/{slug}/").headers["X-Page-Cache"] == "miss"
        with second.app_context():
            assert second.test_client().get(f"/articles/{slug}/").headers["X-Page-Cache"] == "hit"
        with first.app_context():
            # A change committed by one host retires the page for every host.
            make.comment(db.session.scalar(select(Article).filter_by(slug=slug)), "Approved on the first host")
            db.session.remove()
        with second.app_context():
            page = second.test_client().get(f"/articles/{slug}/")
            assert page.headers["X-Page-Cache"] == "miss"
            assert "Approved on the first host" in page.get_data(as_text=True)
            db.session.remove()
    finally:
        keys = redis.Redis.from_url(TEST_REDIS_URL)
        for key in keys.scan_iter(f"{prefix}*"):
            keys.delete(key)


def test_with_redis_away_pages_are_still_served(app, make):
    from helpers.servers import free_port

    # Rate limits off: this is about pages, and the limiter would mark its storage dead.
    config = make_test_config(app.config["SQLALCHEMY_DATABASE_URI"], REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
                              RATELIMIT_ENABLED=False)
    away = create_app(config)
    slug = make.article(title="Served without Redis").slug
    db.session.remove()
    with away.app_context():
        client = away.test_client()
        pages = [client.get(f"/articles/{slug}/") for _ in range(2)]
        db.session.remove()
    assert [page.status_code for page in pages] == [200, 200]
    assert all("Served without Redis" in page.get_data(as_text=True) for page in pages)
    assert {page.headers["X-Page-Cache"] for page in pages} == {"miss"}
