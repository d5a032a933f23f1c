"""Home and category pages: newest first, "Older" and "Newer" links by cursor."""

from __future__ import annotations

import re

import pytest

from helpers.statements import add_articles


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/articles/[^"]+/">([^<]+)</a></h2>', html)


def link(html: str, label: str) -> str | None:
    found = re.search(rf'<a rel="\w+" href="([^"]+)">{label}</a>', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def app_config():
    return {"ARTICLES_PER_PAGE": 3}


def test_older_and_newer_links_walk_the_whole_listing(client, make):
    add_articles(make.category().id, 8)
    pages, url = [], "/"
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append(titles(html))
        url = link(html, "Older articles")
    assert pages == [["bulk 0", "bulk 1", "bulk 2"], ["bulk 3", "bulk 4", "bulk 5"], ["bulk 6", "bulk 7"]]
    html = client.get(link(client.get("/").get_data(as_text=True), "Older articles")).get_data(as_text=True)
    assert link(html, "Newer articles") is not None
    # "Newer" from the second page leads back to the first page's address.
    back = client.get(link(html, "Newer articles"))
    assert back.status_code == 302 and back.headers["Location"].endswith("/")


def test_newer_link_from_a_deep_page_shows_the_page_before(client, make):
    add_articles(make.category().id, 10)
    url, seen = "/", []
    for _ in range(3):
        html = client.get(url).get_data(as_text=True)
        seen.append(titles(html))
        url = link(html, "Older articles")
    newer = client.get(link(html, "Newer articles")).get_data(as_text=True)
    assert titles(newer) == seen[1]


def test_first_page_has_no_newer_link_and_short_listing_no_links(client, make):
    add_articles(make.category().id, 2)
    html = client.get("/").get_data(as_text=True)
    assert titles(html) == ["bulk 0", "bulk 1"]
    assert link(html, "Newer articles") is None and link(html, "Older articles") is None


def test_category_pages_walk_only_that_category(client, make):
    guides, other = make.category(slug="guides"), make.category(slug="other")
    add_articles(guides.id, 5, prefix="guide")
    add_articles(other.id, 5, prefix="news")
    html = client.get("/category/guides/").get_data(as_text=True)
    second = client.get(link(html, "Older articles")).get_data(as_text=True)
    assert titles(html) + titles(second) == [f"guide {n}" for n in range(5)]


@pytest.mark.parametrize(
    "query", ["before=yesterday_1", "before=2026-01-01T00:00:00_x", "after=_", "before=" + "9" * 50,
              "before=2026-01-01T00:00:00_1&after=2026-01-01T00:00:00_2"],
)
def test_malformed_cursors_are_not_found(client, make, query):
    add_articles(make.category().id, 4)
    response = client.get(f"/?{query}")
    assert response.status_code == 404
    assert "There is no page at this address" in response.get_data(as_text=True)


def test_every_page_of_a_category_names_it_and_an_old_slug_keeps_the_cursor(client, make):
    from blogapp.extensions import db
    from blogapp.storage.models import CategorySlugRedirect

    guides = make.category("Guides & tips", slug="guides", description="How-tos.")
    add_articles(guides.id, 5, prefix="guide")
    db.session.add(CategorySlugRedirect(old_slug="tips", category_id=guides.id))
    db.session.commit()
    first = client.get("/category/guides/").get_data(as_text=True)
    older = link(first, "Older articles")
    second = client.get(older).get_data(as_text=True)
    for html in (first, second):
        assert "<h1>Guides &amp; tips</h1>" in html and '<p class="lead">How-tos.</p>' in html
        assert "<title>Guides &amp; tips · " in html
    back = client.get(link(second, "Newer articles"))
    assert back.status_code == 302 and back.headers["Location"].endswith("/category/guides/")
    moved = client.get(older.replace("/guides/", "/tips/"))
    assert moved.status_code == 301 and moved.headers["Location"].endswith(older)
    beyond = client.get(older.replace("before=", "before=2000-01-01T00:00:00.000000_1&x="))
    assert beyond.status_code == 200 and "No articles in this category yet." in beyond.get_data(as_text=True)
    assert client.get("/category/nowhere/" + older[older.index("?"):]).status_code == 404
