"""The reader's pages: home, category, article, and what readers must not see."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest

from blogapp.storage.models import ArticleStatus, CommentStatus, utcnow


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_lists_published_articles_newest_first_with_date_category_and_summary(client, make):
    news = make.category("News and Updates", slug="news-and-updates")
    make.article(title="Older story", category=news, published_at=utcnow() - timedelta(days=3))
    make.article(title="Newer story", category=news, summary="The short version.", published_at=utcnow() - timedelta(days=1))
    page = text_of(client.get("/"))
    assert page.index("Newer story") < page.index("Older story")
    assert "The short version." in page
    assert 'href="/category/news-and-updates/"' in page
    assert re.search(r'<time datetime="[0-9T:.-]+Z">', page)


def test_drafts_and_future_articles_are_hidden_everywhere(client, make):
    category = make.category()
    make.article(title="Secret draft", slug="secret-draft", category=category, status=ArticleStatus.DRAFT)
    make.article(title="Not yet", slug="not-yet", category=category, published_at=utcnow() + timedelta(days=2))
    for url in ("/", f"/category/{category.slug}/"):
        page = text_of(client.get(url))
        assert "Secret draft" not in page and "Not yet" not in page
    for slug in ("secret-draft", "not-yet"):
        response = client.get(f"/articles/{slug}/")
        assert response.status_code == 404
        assert "Page not found" in text_of(response)


@pytest.fixture
def app_config():
    return {"ARTICLES_PER_PAGE": 2}


def titles_on(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/articles/[^"]+/">([^<]+)</a></h2>', page)


def test_pagination_walks_every_article_once(client, make):
    category = make.category()
    titles = [make.article(category=category).title for _ in range(5)]
    seen, url = [], "/"
    while url:
        page = text_of(client.get(url))
        seen += titles_on(page)
        older = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = html.unescape(older.group(1)) if older else None
    assert seen == titles, "newest first, each article once"


def test_numbered_pages_still_work_and_refuse_pages_past_the_end(client, make):
    category = make.category()
    titles = [make.article(category=category).title for _ in range(5)]
    for base in ("/", f"/category/{category.slug}/"):
        moved = client.get(f"{base}?page=2")
        assert moved.status_code == 301
        assert titles_on(text_of(client.get(moved.headers["Location"]))) == titles[2:4]
        assert titles_on(text_of(client.get(f"{base}?page=1", follow_redirects=True))) == titles[:2]
        assert titles_on(text_of(client.get(f"{base}?page=3", follow_redirects=True))) == titles[4:]
        assert client.get(f"{base}?page=4").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999999999999999999", "", "١"])
def test_malformed_page_numbers_are_not_found_not_errors(client, make, page):
    make.article()
    response = client.get(f"/?page={page}")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_empty_blog_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Nothing has been published yet." in text_of(response)


def test_unknown_category_and_article_get_the_friendly_404(client):
    for url in ("/category/no-such-thing/", "/articles/no-such-thing/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "There is no page at this address" in text_of(response)


def test_category_page_shows_only_its_articles_and_its_description(client, make):
    news = make.category("News and Updates", slug="news-and-updates", description="What happened.")
    other = make.category("Guides", slug="guides")
    make.article(title="In news", category=news)
    make.article(title="In guides", category=other)
    page = text_of(client.get("/category/news-and-updates/"))
    assert "<h1>News and Updates</h1>" in page
    assert "What happened." in page
    assert "In news" in page and "In guides" not in page


def test_article_page_has_title_breadcrumbs_and_structured_data(client, make):
    news = make.category("News and Updates", slug="news-and-updates")
    article = make.article(title="A headline", slug="a-headline", category=news, body_markdown="First.\n\n## Part two\n\nSecond.")
    page = text_of(client.get("/articles/a-headline/"))
    assert "<h1>A headline</h1>" in page
    assert "<h2>Part two</h2>" in page
    nav = re.search(r'<nav aria-label="Breadcrumb"[^>]*>\s*<ol>(.*?)</ol>', page, re.S).group(1)
    labels = re.findall(r"<li><a [^>]*>([^<]+)</a></li>", nav)
    assert labels == ["Blog", "News and Updates", "A headline"]
    assert 'aria-current="page">A headline<' in nav
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    trail = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert [item["name"] for item in trail["itemListElement"]] == labels
    assert [item["position"] for item in trail["itemListElement"]] == [1, 2, 3]
    assert trail["itemListElement"][2]["item"].endswith(f"/articles/{article.slug}/")


def test_structured_data_cannot_be_broken_out_of_by_a_title(client, make):
    make.article(title="</script><script>alert(1)</script>", slug="tricky")
    page = text_of(client.get("/articles/tricky/"))
    assert "<script>alert(1)" not in page


def test_article_shows_approved_comments_oldest_first_with_their_count(client, make):
    article = make.article(slug="talked-about")
    make.comment(article, "Second said", created_at=utcnow() - timedelta(hours=1))
    make.comment(article, "First said", created_at=utcnow() - timedelta(hours=2))
    make.comment(article, "Still waiting", status=CommentStatus.PENDING)
    make.comment(article, "Buy pills", status=CommentStatus.SPAM)
    page = text_of(client.get("/articles/talked-about/"))
    assert "2 comments" in page
    assert page.index("First said") < page.index("Second said")
    assert "Still waiting" not in page and "Buy pills" not in page


def test_an_email_address_never_reaches_a_public_page(client, make):
    article = make.article(slug="private")
    make.comment(article, "Hello", author_email="hidden.person@example.org")
    assert "hidden.person@example.org" not in text_of(client.get("/articles/private/"))


def test_a_server_error_shows_a_friendly_page_without_a_traceback(app, client):
    def broken():
        raise RuntimeError("secret internal detail")

    app.add_url_rule("/broken-for-test", view_func=broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/broken-for-test")
    assert response.status_code == 500
    page = text_of(response)
    assert "Something went wrong" in page
    assert "secret internal detail" not in page and "Traceback" not in page


# That no page loads anything from another host is proved in Chromium, on every page type:
# tests/browser/test_no_other_host.py.
