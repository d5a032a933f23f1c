"""Past SITEMAP_MAX_URLS addresses, /sitemap.xml is an index of files of at most that many; robots.txt.

The protocol's limit is 50,000 (tests/servers/test_large_sitemap.py fills a
database past it); here the limit is 3, so a handful of articles need files.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from blogapp.storage.models import ArticleStatus, utcnow

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LIMIT = 3


@pytest.fixture
def app_config(request):
    """A small limit, unless a test names its own settings."""
    return getattr(request, "param", {"SITEMAP_MAX_URLS": LIMIT})


@pytest.fixture
def blog(make):
    """Two categories, five published articles, a draft and a scheduled one: the addresses a reader may see."""
    news, notes = make.category("News", slug="news"), make.category("Notes", slug="notes")
    articles = [make.article(slug=f"story-{n}", category=news if n % 2 else notes) for n in range(5)]
    make.article(slug="secret-draft", status=ArticleStatus.DRAFT, published_at=None, category=news)
    make.article(slug="future-scoop", published_at=utcnow() + timedelta(days=1), category=news)
    return articles


def xml(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.content_type.startswith("application/xml")
    return ET.fromstring(response.data)


def urls_in(client, path: str) -> dict[str, str | None]:
    """A urlset's addresses and their lastmod."""
    root = xml(client, path)
    assert root.tag == f"{SITEMAP}urlset"
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}


def index_files(client) -> list[tuple[str, str | None]]:
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [(entry.findtext(f"{SITEMAP}loc"), entry.findtext(f"{SITEMAP}lastmod")) for entry in root]


def readers_addresses(blog) -> set[str]:
    return {"http://blog.test/", "http://blog.test/category/news/", "http://blog.test/category/notes/",
            *(f"http://blog.test/articles/{article.slug}/" for article in blog)}


def test_past_the_limit_the_sitemap_is_an_index_of_small_files_listing_every_address_once(client, blog):
    files = index_files(client)
    assert [loc for loc, _ in files] == [f"http://blog.test/sitemap-{n}.xml" for n in range(1, 4)]  # 8 addresses
    seen: list[str] = []
    for loc, lastmod in files:
        urls = urls_in(client, loc.removeprefix("http://blog.test"))
        assert 1 <= len(urls) <= LIMIT
        # The index says when the newest address of each file changed.
        assert lastmod == max(value for value in urls.values() if value)
        seen += urls
    assert sorted(seen) == sorted(readers_addresses(blog))


def test_files_past_the_last_one_are_not_found(client, blog):
    assert client.get("/sitemap-4.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404
    assert client.get("/sitemap-x.xml").status_code == 404


def test_an_article_keeps_its_file_when_newer_ones_are_published(client, blog, make):
    before = {loc: urls_in(client, loc.removeprefix("http://blog.test")) for loc, _ in index_files(client)}
    make.article(slug="breaking", category=blog[0].category)
    after = {loc: urls_in(client, loc.removeprefix("http://blog.test")) for loc, _ in index_files(client)}
    assert all(set(before[loc]) <= set(after[loc]) for loc in before)
    assert "http://blog.test/articles/breaking/" in after["http://blog.test/sitemap-3.xml"]


@pytest.mark.parametrize("app_config", [{"SITEMAP_MAX_URLS": 50_000}], indirect=True)
def test_a_small_blog_has_one_sitemap_file(client, blog):
    assert set(urls_in(client, "/sitemap.xml")) == readers_addresses(blog)
    assert urls_in(client, "/sitemap-1.xml") == urls_in(client, "/sitemap.xml")
    assert client.get("/sitemap-2.xml").status_code == 404


@pytest.mark.parametrize("app_config", [{"CANONICAL_URL": "https://blog.example.org",
                                         "ALLOWED_HOSTS": ["blog.test"]}], indirect=True)
def test_robots_txt_keeps_crawlers_out_of_the_staff_areas_and_names_the_configured_sitemap(client):
    response = client.get("/robots.txt")
    assert response.content_type.startswith("text/plain")
    lines = response.get_data(as_text=True).splitlines()
    assert {"Disallow: /moderation/", "Disallow: /desk/", "Disallow: /auth/"} <= set(lines)
    # From the configured address, never from the Host the request named.
    assert "Sitemap: https://blog.example.org/sitemap.xml" in lines


@pytest.mark.parametrize("app_config", [{"SITEMAP_MAX_URLS": 60_000}], indirect=True)
def test_check_config_reports_a_limit_search_engines_would_refuse(app, client, blog):
    result = app.test_cli_runner().invoke(args=["check-config"])
    assert result.exit_code == 1
    assert "sitemap: SITEMAP_MAX_URLS is 60000" in result.output and "from 1 to 50000" in result.output
    # Meanwhile the sitemap keeps to the protocol's limit.
    assert set(urls_in(client, "/sitemap.xml")) == readers_addresses(blog)
