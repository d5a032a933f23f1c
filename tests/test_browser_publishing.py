"""In a real browser: write an article at the desk, publish it, find it everywhere."""

from __future__ import annotations

import threading

import feedparser
import pytest
from werkzeug.serving import make_server

from blogapp.models import Role
from browser import launch_chromium, requires_chromium

pytestmark = requires_chromium


@pytest.fixture
def app_config() -> dict:
    # The browser reaches the server as 127.0.0.1:<port>, not as the tests' blog.test.
    return {"SERVER_NAME": None}


@pytest.fixture
def live_url(app):
    """The app served by a real HTTP server on a free local port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser.new_page()
        browser.close()


def test_an_editor_publishes_and_readers_find_the_article_everywhere(live_url, page, make):
    make.user("editor", Role.EDITOR, password="correct horse battery")
    make.category("Field Notes", slug="field-notes")
    title = "Notes from the lighthouse"

    page.goto(f"{live_url}/auth/login")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Desk").click()
    page.get_by_role("link", name="New article").click()

    page.get_by_label("Title").fill(title)
    page.get_by_label("Category").select_option(label="Field Notes")
    page.get_by_label("Summary").fill("A week with the keeper.")
    page.get_by_label("Body (Markdown)").fill("The **keeper** writes in the log every night. 灯塔日记。")
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save").click()
    assert f"Saved “{title}” (published)." in page.locator(".flash").inner_text()

    page.goto(live_url + "/")
    page.get_by_role("link", name=title).click()
    assert page.locator("h1").inner_text() == title
    assert page.locator(".article-body strong").inner_text() == "keeper"

    page.goto(f"{live_url}/category/field-notes/")
    assert page.get_by_role("link", name=title).is_visible()

    feed = feedparser.parse(page.request.get(f"{live_url}/feed.atom").body())
    assert not feed.bozo and [entry.title for entry in feed.entries] == [title]

    for query in ("keeper", "灯塔日记"):
        page.goto(live_url + "/")
        page.get_by_role("searchbox", name="Search articles").fill(query)
        page.get_by_role("searchbox", name="Search articles").press("Enter")
        page.wait_for_url("**/search?q=*")
        assert page.get_by_role("link", name=title).is_visible()
        assert page.locator("mark").first.inner_text() == query
