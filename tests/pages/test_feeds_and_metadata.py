"""What feed readers and search engines see: feeds, sitemap, robots.txt, page metadata."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest

from blogapp.storage.models import ArticleStatus, utcnow

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def hidden(make):
    """A draft and a scheduled article: never to be seen by readers yet."""
    category = make.category("Hidden things", slug="hidden-things")
    make.article(title="Secret draft", slug="secret-draft", status=ArticleStatus.DRAFT, published_at=None, category=category)
    make.article(title="Future scoop", slug="future-scoop", published_at=utcnow() + timedelta(days=1), category=category)
    return category


def parse_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content_type.startswith("application/atom+xml")
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed, response.get_data(as_text=True)


def test_the_blog_feed_has_the_latest_twenty_published_articles(client, make, hidden):
    category = make.category("News", slug="news")
    stories = [
        make.article(title=f"Story {number}", body_markdown=f"Full **text** {number}.", category=category)
        for number in range(22)
    ]
    feed, xml = parse_feed(client, "/feed.atom")
    assert len(feed.entries) == 20
    assert feed.entries[0].title == "Story 0"  # the newest first
    assert "Secret draft" not in xml and "Future scoop" not in xml
    entry = feed.entries[0]
    assert entry.link == f"http://blog.test/articles/{stories[0].slug}/"
    assert "<strong>text</strong>" in entry.content[0].value
    assert entry.updated_parsed >= entry.published_parsed
    assert feed.feed.updated_parsed == max(e.updated_parsed for e in feed.entries)
    assert all(link.href.startswith("http://blog.test/") for link in feed.feed.links)


def test_a_category_feed_has_only_that_categorys_articles(client, make, hidden):
    news, other = make.category("News", slug="news"), make.category("Other", slug="other")
    make.article(title="In news", category=news)
    make.article(title="Elsewhere", category=other)
    feed, _ = parse_feed(client, "/category/news/feed.atom")
    assert [e.title for e in feed.entries] == ["In news"]
    assert feed.feed.title.startswith("News")
    empty, xml = parse_feed(client, "/category/hidden-things/feed.atom")
    assert empty.entries == [] and "Secret draft" not in xml
    assert client.get("/category/nowhere/feed.atom").status_code == 404


# The tests' requests go to blog.test: an extra name of the site, whose pages still link to the canonical one.
@pytest.mark.parametrize("app_config", [{"CANONICAL_URL": "https://www.example.org/", "ALLOWED_HOSTS": ["blog.test"]}])
def test_feeds_and_pages_use_the_canonical_url_when_it_is_set(client, make):
    article = make.article(slug="canonical-story")
    feed, _ = parse_feed(client, "/feed.atom")
    assert feed.entries[0].link == "https://www.example.org/articles/canonical-story/"
    html = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert '<link rel="canonical" href="https://www.example.org/articles/canonical-story/">' in html


def test_every_page_links_its_feeds(client, make):
    article = make.article()
    for url in ("/", f"/category/{article.category.slug}/", f"/articles/{article.slug}/", "/search?q=x"):
        html = client.get(url).get_data(as_text=True)
        assert '<link rel="alternate" type="application/atom+xml"' in html and "http://blog.test/feed.atom" in html
    category_page = client.get(f"/category/{article.category.slug}/").get_data(as_text=True)
    assert f"http://blog.test/category/{article.category.slug}/feed.atom" in category_page


def test_the_sitemap_lists_published_articles_and_categories(client, make, hidden):
    news = make.category("News", slug="news")
    article = make.article(slug="live-story", category=news)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.content_type.startswith("application/xml")
    root = ET.fromstring(response.data)
    assert root.tag == f"{SITEMAP}urlset"
    urls = {}
    for url in root:
        assert url.tag == f"{SITEMAP}url"
        assert {child.tag for child in url} <= {f"{SITEMAP}loc", f"{SITEMAP}lastmod"}
        urls[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    assert set(urls) == {
        "http://blog.test/",
        "http://blog.test/category/news/",
        "http://blog.test/category/hidden-things/",
        "http://blog.test/articles/live-story/",
    }
    expected = max(article.updated_at, article.published_at).replace(microsecond=0).isoformat() + "Z"
    assert urls["http://blog.test/articles/live-story/"] == expected
    assert urls["http://blog.test/category/news/"] == expected
    # A category with nothing published gives no date away.
    assert urls["http://blog.test/category/hidden-things/"] is None


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.content_type.startswith("text/plain")
    text = response.get_data(as_text=True)
    assert "Sitemap: http://blog.test/sitemap.xml" in text and "Disallow: /desk/" in text


def meta(html: str, attribute: str, name: str) -> str | None:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def test_an_article_page_has_full_metadata_and_json_ld(client, make):
    article = make.article(title="Metadata & more", summary="What the page is about.", slug="metadata")
    html = client.get("/articles/metadata/").get_data(as_text=True)
    assert "<title>Metadata &amp; more · blogapp</title>" in html
    assert meta(html, "name", "description") == "What the page is about."
    assert '<link rel="canonical" href="http://blog.test/articles/metadata/">' in html
    assert meta(html, "property", "og:title") == "Metadata &amp; more"
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:url") == "http://blog.test/articles/metadata/"
    assert meta(html, "property", "article:section") == article.category.name
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)]
    kinds = {block["@type"]: block for block in blocks}
    assert set(kinds) == {"Article", "BreadcrumbList"}
    assert kinds["Article"]["headline"] == "Metadata & more"
    assert kinds["Article"]["mainEntityOfPage"] == "http://blog.test/articles/metadata/"
    assert kinds["Article"]["datePublished"].endswith("Z")


def test_listing_pages_have_a_title_description_canonical_and_open_graph(client, make):
    category = make.category("Guides", slug="guides", description="How-tos.")
    articles = [make.article(category=category) for _ in range(12)]
    cursor = f"{articles[9].published_at.isoformat(timespec='microseconds')}_{articles[9].id}"
    for url, canonical in [
        ("/", "http://blog.test/"),
        (f"/?before={cursor}&utm_source=x", f"http://blog.test/?before={cursor}"),
        ("/category/guides/", "http://blog.test/category/guides/"),
    ]:
        html = client.get(url).get_data(as_text=True)
        assert re.search(r"<title>[^<]+</title>", html)
        assert meta(html, "name", "description")
        assert f'<link rel="canonical" href="{canonical}">' in html, url
        assert meta(html, "property", "og:title") and meta(html, "property", "og:type") == "website"
    assert meta(client.get("/category/guides/").get_data(as_text=True), "name", "description") == "How-tos."


def test_the_canonical_address_keeps_what_picks_the_page_and_drops_the_rest(app, client, make):
    category = make.category(slug="notes")
    articles = [make.article(category=category) for _ in range(25)]
    make.comment(articles[0], "First thread.")
    make.comment(articles[0], "Second thread.")
    app.config["COMMENT_THREADS_PER_PAGE"] = 1
    cursor = f"{articles[20].published_at.isoformat(timespec='microseconds')}_{articles[20].id}"
    article = f"http://blog.test/articles/{articles[0].slug}/"
    for url, canonical in [
        (f"/?after={cursor}&ref=feed", f"http://blog.test/?after={cursor}"),
        (f"/category/notes/?before={cursor}&before=other", f"http://blog.test/category/notes/?before={cursor}"),
        (f"/articles/{articles[0].slug}/?page=2&sort=new", f"{article}?page=2"),
        (f"/articles/{articles[0].slug}/?page=1", article),
        (f"/articles/{articles[0].slug}/?utm_source=x&reply_to=", article),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<link rel="canonical" href="{canonical}">' in response.get_data(as_text=True), url


def test_error_pages_ask_not_to_be_indexed(client):
    html = client.get("/articles/missing/").get_data(as_text=True)
    assert '<meta name="robots" content="noindex">' in html and 'rel="canonical"' not in html
