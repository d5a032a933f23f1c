"""The page cache's budget: only addresses the site links are stored, within a byte budget,
in memory and in Redis."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
import redis

from blogapp import create_app
from blogapp.blog.listing import cursor_for
from blogapp.extensions import db
from blogapp.storage.models import utcnow

from conftest import make_test_config
from helpers.servers import TEST_REDIS_URL, redis_answers

OLDER_LINK = re.compile(r'href="/\?before=([^"]+)"')
SITE = {"CANONICAL_URL": "https://blog.example.org", "SERVER_NAME": "blog.example.org",
        "ALLOWED_HOSTS": ["www.blog.example.org"]}



def state(response) -> str:
    return response.headers["X-Page-Cache"]


def stored_pages(app) -> int:
    return len(app.extensions["blogapp.pages"].backend.pages)


def stories(response) -> list[str]:
    return re.findall(r"Story \d+", response.get_data(as_text=True))


def twice(client, url: str, **kwargs) -> list[str]:
    return [state(client.get(url, **kwargs)) for _ in range(2)]


@pytest.fixture
def listing(make):
    """Fifteen articles, newest first: the home page shows ten, "Older articles" the rest."""
    category = make.category(slug="notes")
    return [make.article(category=category, title=f"Story {n}", published_at=utcnow() - timedelta(hours=n))
            for n in range(1, 16)]


def test_the_cursors_the_site_links_are_cached_and_made_up_ones_are_not(app, client, make, listing):
    older = OLDER_LINK.search(client.get("/").get_data(as_text=True)).group(1)
    assert older == cursor_for(listing[9])
    assert twice(client, f"/?before={older}") == ["miss", "hit"]
    other = make.article(title="Elsewhere", published_at=listing[9].published_at - timedelta(minutes=30))
    made_up = [
        older.replace("T", " "),                                   # the same moment, written otherwise
        older.replace("_", "_0"),                                  # the same id, with a leading zero
        cursor_for(listing[9]).replace(listing[9].published_at.isoformat(timespec="microseconds"),
                                       (listing[9].published_at - timedelta(microseconds=1)).isoformat()),
        (listing[9].published_at - timedelta(minutes=1)).isoformat(timespec="microseconds") + "_999",
    ]
    stored = stored_pages(app)
    linked_page = stories(client.get(f"/?before={older}"))
    assert linked_page == [f"Story {n}" for n in range(11, 16)]
    for cursor in made_up:
        response = client.get(f"/?before={cursor}")
        assert response.status_code == 200 and stories(response) == linked_page, cursor
        assert twice(client, f"/?before={cursor}") == ["bypass", "bypass"], cursor
    # "Newer articles" from deep enough that the page is not the first.
    assert twice(client, f"/?after={cursor_for(listing[13])}") == ["miss", "hit"]
    assert twice(client, f"/?after={cursor_for(listing[13]).replace('_', '_0')}") == ["bypass", "bypass"]
    # An article's cursor, but not one of this category's articles.
    assert twice(client, f"/category/notes/?before={cursor_for(other)}") == ["bypass", "bypass"]
    assert stored_pages(app) == stored + 1  # the one linked "newer" page
    assert client.get("/?before=2026-13-01T00:00:00.000000_1").status_code == 404


def test_a_repeated_cursor_cannot_store_one_page_under_anothers_address(client, listing):
    """The view reads a parameter's first value; so does the cache's key."""
    older = cursor_for(listing[9])
    first_page = client.get(f"/?before=&before={older}").get_data(as_text=True)
    assert "Story 10" in first_page and "Story 11" not in first_page
    page = client.get(f"/?before={older}").get_data(as_text=True)
    assert "Story 11" in page and "Story 10" not in page


@pytest.mark.parametrize("app_config", [SITE], indirect=True)
def test_other_hosts_add_nothing_and_the_sites_names_share_one_copy(app, client, make):
    make.article(slug="shared")
    assert twice(client, "/articles/shared/") == ["miss", "hit"]
    for number in range(30):
        assert client.get("/articles/shared/", headers={"Host": f"host-{number}.evil.example"}).status_code == 400
    for host in ("www.blog.example.org", "BLOG.EXAMPLE.ORG:8080", "blog.example.org."):
        assert state(client.get("/articles/shared/", headers={"Host": host})) == "hit", host
    assert state(client.get("/articles/shared/", base_url="https://blog.example.org")) == "hit"
    assert stored_pages(app) == 1


def test_comment_page_numbers_only_as_the_site_links_them(app, client, make):
    app.config["COMMENT_THREADS_PER_PAGE"] = 1
    article = make.article(slug="talk")
    make.comment(article, "First thread.")
    make.comment(article, "Second thread.")
    assert twice(client, "/articles/talk/?page=2") == ["miss", "hit"]
    for page in ("02", "1", "002"):
        assert client.get(f"/articles/talk/?page={page}").status_code == 200
        assert twice(client, f"/articles/talk/?page={page}") == ["bypass", "bypass"], page


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_MAX_PAGE_BYTES": 20_000}], indirect=True)
def test_a_page_above_the_size_limit_is_served_but_not_cached(app, client, make):
    make.article(slug="long", body_markdown="A long read. " * 2_000)
    make.article(slug="short")
    response = client.get("/articles/long/")
    assert response.status_code == 200 and len(response.data) > 20_000
    assert response.get_data(as_text=True).count("A long read.") == 2_000
    assert twice(client, "/articles/long/") == ["bypass", "bypass"]
    assert twice(client, "/articles/short/") == ["miss", "hit"]
    assert stored_pages(app) == 1


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_MAX_BYTES": 300_000}], indirect=True)
def test_the_memory_cache_stays_within_its_byte_budget(app, client, make):
    """Twenty pages of ~60 KB each: the least recently used make room for the newest."""
    slugs = [make.article(slug=f"big-{n}", body_markdown=f"Page {n}. " + "Many words here. " * 3_500).slug
             for n in range(20)]
    for slug in slugs:
        assert state(client.get(f"/articles/{slug}/")) == "miss"
        assert app.extensions["blogapp.pages"].backend.pages.size <= 300_000
    assert 0 < stored_pages(app) < 20
    assert state(client.get(f"/articles/{slugs[-1]}/")) == "hit"
    assert state(client.get(f"/articles/{slugs[0]}/")) == "miss", "the oldest page made room"


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_MAX_PAGES": 2}], indirect=True)
def test_the_deprecated_page_count_still_caps_the_cache(app, client, make):
    for n in range(4):
        client.get(f"/articles/{make.article(slug=f'counted-{n}').slug}/")
    assert stored_pages(app) == 2


needs_redis = pytest.mark.skipif(not redis_answers(), reason=f"needs Redis: nothing answers at {TEST_REDIS_URL}")


@pytest.fixture
def redis_site(app, make):
    """An app on Redis, under a key prefix of this test's own; its keys are removed afterwards."""
    prefix = f"blogapp-test-pages-{uuid.uuid4().hex}:"
    config = make_test_config(app.config["SQLALCHEMY_DATABASE_URI"], REDIS_URL=TEST_REDIS_URL,
                              PAGE_CACHE_KEY_PREFIX=prefix, PAGE_CACHE_TIMEOUT=0,
                              PAGE_CACHE_MAX_PAGE_BYTES=20_000, **SITE)
    served = create_app(config)
    keys = redis.Redis.from_url(TEST_REDIS_URL)
    yield served, keys, prefix
    for key in keys.scan_iter(f"{prefix}*"):
        keys.delete(key)


@needs_redis
def test_with_redis_pages_expire_under_their_prefix_and_junk_adds_no_key(redis_site, make, listing):
    served, keys, prefix = redis_site
    make.article(slug="long", body_markdown="A long read. " * 2_000)
    db.session.remove()
    with served.app_context():
        client = served.test_client()
        assert twice(client, "/articles/long/") == ["bypass", "bypass"]
        assert twice(client, "/") == ["miss", "hit"]
        older = OLDER_LINK.search(client.get("/").get_data(as_text=True)).group(1)
        assert twice(client, f"/?before={older}") == ["miss", "hit"]
        stored = set(keys.scan_iter(f"{prefix}*"))
        for number in range(20):
            client.get(f"/?before={older.replace('_', '_' + '0' * (number + 1))}")
            client.get("/", headers={"Host": f"host-{number}.evil.example"})
        db.session.remove()
    assert set(keys.scan_iter(f"{prefix}*")) == stored
    assert set(keys.scan_iter("*")) >= stored
    version_key = f"{prefix}content-state".encode()
    assert version_key in stored and keys.ttl(version_key) == -1, "the version never expires"
    pages = stored - {version_key}
    assert len(pages) == 2
    # PAGE_CACHE_TIMEOUT=0 still gives every page a bounded TTL, so volatile-lru may evict it.
    assert all(0 < keys.ttl(key) <= 24 * 3600 for key in pages)
