"""The whole-site promise: no page makes a reader's browser ask another host for anything.

Chromium loads every page type (harness.pages.PAGES: reading, commenting,
private pages, search, staff pages) and a few more (an article with
uploaded images and would-be trackers in its source, the media library, the
feeds), scrolled to the end so lazy images load too. Every request the
browser makes is recorded; any to a host other than the blog's own fails the
test (and is stopped, so nothing leaves the machine). The CSP is bypassed:
it would hide a page's reference to another host by blocking it, and the
promise is that the pages never make one.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from blogapp.extensions import db
from blogapp.media.library import add_image
from blogapp.storage.models import Article, Role

from conftest import MEDIA_DIR
from harness.browser import browser, needs_chromium  # noqa: F401  (a fixture)
from harness.pages import PAGES, PageType
from helpers.accounts import PASSWORD
from helpers.images import image_bytes
from helpers.servers import SERVER_SECRET_KEY, running_servers

pytestmark = needs_chromium

TRACKERS = ("![pixel](https://tracker.example/p.gif)\n\n<img src='//cdn.example.net/x.png' "
            "srcset='https://cdn.example.net/x-2.png 2x'>\n\n<p><img src=\"http://ads.example.org/a.jpg\"></p>")
MORE_PAGES = [
    PageType("article with images", "/articles/pictures/"),
    # With images in it (PAGES shows the library of a site that has none).
    PageType("media library with images", "/desk/media/", role=Role.EDITOR),
    PageType("one image", "/desk/media/{image_id}/", role=Role.EDITOR),
    PageType("atom feed", "/feed.atom"),
    PageType("category feed", "/category/{category_slug}/feed.atom"),
]


@pytest.fixture(scope="module")
def server(migrated_database, tmp_path_factory):
    options = {"COMMENT_RATE_LIMIT": "1000 per minute", "LOG_LEVEL": "WARNING", "MEDIA_DIR": MEDIA_DIR}
    with running_servers(1, migrated_database, tmp_path_factory.mktemp("nohost"), workers=2, **options) as [server]:
        yield server


@pytest.fixture
def app_config() -> dict:
    # The seeding app signs what the server checks (private addresses) with the server's key.
    return {"SECRET_KEY": SERVER_SECRET_KEY}


@pytest.fixture
def pictured_site(site, make):
    """The route tables' site, plus an article with two uploaded images and three remote ones in its source."""
    first = add_image(image_bytes("JPEG", (1800, 1000)), "A harbour at dawn", None).image
    second = add_image(image_bytes("PNG", (700, 500)), "A map of the route", None).image
    db.session.commit()
    article = db.session.scalar(db.select(Article).filter_by(slug=site.slug))
    # Saved past the desk (which refuses other hosts' images): the allowlist must drop them anyway.
    make.article(title="Pictures", slug="pictures", category=article.category,
                 body_markdown=f"![](media:{first.id})\n\n" + "Words. " * 400 + f"\n\n![](media:{second.id})\n\n" + TRACKERS)
    make.comment(article, body='<img src="https://tracker.example/c.gif"> and https://example.org/ a link')
    db.session.close()
    return site


def context_for(browser, server, role, seen: list, foreign: list):
    context = browser.new_context(bypass_csp=True)
    own = urlsplit(server.url).netloc

    def route(request_route):
        parts = urlsplit(request_route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own:
            foreign.append(request_route.request.url)
            return request_route.abort()
        return request_route.continue_()

    context.route("**/*", route)
    context.on("request", lambda request: seen.append(request.url))
    if role is not None:
        page = context.new_page()
        page.goto(server.url + "/auth/login")
        page.get_by_label("Username").fill(role.value)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.close()
    return context


def visit(context, server, site, spec: PageType) -> None:
    """Open the page as a person would, send its form if it has one, and scroll to the end."""
    page = context.new_page()
    page.goto(server.url + site.url(spec.path))
    button = page.get_by_role("button", name=spec.button, exact=True) if spec.button else None
    if button is not None and button.count():
        for name, value in spec.fill.items():
            page.locator(f'#main [name="{name}"]').fill(value)
        with page.expect_navigation():
            button.click()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.close()


def test_no_page_asks_another_host_for_anything(browser, server, pictured_site):
    site, contexts, seen, foreign, visited = pictured_site, {}, [], {}, []
    for spec in PAGES + MORE_PAGES:
        found: list = []
        if spec.role not in contexts:
            contexts[spec.role] = (context_for(browser, server, spec.role, seen, found), found)
        context, found = contexts[spec.role]
        before = len(found)
        visit(context, server, site, spec)
        visited.append(spec.name)
        if len(found) > before:
            foreign[spec.name] = found[before:]
    for context, _ in contexts.values():
        context.close()
    assert not foreign, json.dumps(foreign, indent=1)
    # The check saw real traffic: stylesheets and the article's images came from the blog.
    assert any("/static/" in url for url in seen)
    assert sum(1 for url in seen if re.search(r"/media/[0-9a-f]{24}-\d+\.(jpg|png)$", url)) >= 2, seen
    assert len(visited) == len(PAGES) + len(MORE_PAGES)


def test_the_check_catches_a_page_that_would_ask_another_host(browser, server, pictured_site):
    """Without this, an empty record could mean the recording is broken."""
    seen, found = [], []
    context = context_for(browser, server, None, seen, found)
    page = context.new_page()
    page.goto(server.url + "/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"https://tracker.example/p.gif\">')")
    page.wait_for_load_state("networkidle")
    context.close()
    assert found == ["https://tracker.example/p.gif"]


def test_feeds_point_only_at_the_blogs_own_images(browser, server, pictured_site):
    context = context_for(browser, server, None, [], [])
    page = context.new_page()
    feed = page.goto(server.url + "/feed.atom").text()
    context.close()
    sources = re.findall(r"&lt;img[^&]*?src=&#34;([^&]+)&#34;|&lt;img[^&]*?src=&quot;([^&]+)&quot;", feed)
    sources = [a or b for a, b in sources]
    assert sources, feed[:2000]
    assert all(source.startswith(server.url + "/media/") or source.startswith("/media/") for source in sources), sources
