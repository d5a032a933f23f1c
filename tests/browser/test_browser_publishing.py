"""In a real browser: write an article at the desk, publish it, find it everywhere."""

from __future__ import annotations

import feedparser
import pytest

from blogapp.storage.models import Role

from harness.browser import browser, live_url, needs_chromium  # noqa: F401  (fixtures)
from helpers.accounts import PASSWORD

pytestmark = needs_chromium


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def test_an_editor_publishes_and_readers_find_the_article_everywhere(live_url, page, make):
    make.user("editor", Role.EDITOR, password=PASSWORD)
    make.category("Field Notes", slug="field-notes")
    title = "Notes from the lighthouse"

    page.goto(f"{live_url}/auth/login")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
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
