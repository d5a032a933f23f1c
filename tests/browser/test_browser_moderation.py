"""The moderation loop in a real browser: Playwright driving Debian's Chromium."""

from __future__ import annotations

import os

from blogapp.extensions import db

from harness.browser import browser, live_url, needs_chromium  # noqa: F401  (fixtures)
from helpers.accounts import PASSWORD

pytestmark = needs_chromium


def test_reader_comment_approved_by_a_moderator_appears_for_everyone(live_url, browser, make, tmp_path):
    from playwright.sync_api import expect

    article = make.article(title="Browser loop")
    make.user("mia")
    article_url = f"{live_url}/articles/{article.slug}/"
    # Outside a request this session writes with BEGIN IMMEDIATE: end its
    # transaction so the server's threads can write to SQLite.
    db.session.commit()

    reader = browser.new_page()
    reader.goto(article_url)
    reader.get_by_label("Name").fill("Ana")
    reader.get_by_label("Email (never shown)").fill("ana@example.org")
    reader.get_by_role("textbox", name="Comment").fill("Seen from a real browser.")
    reader.get_by_role("button", name="Post comment").click()
    expect(reader.locator(".pending-notice")).to_contain_text("awaiting moderation")

    moderator = browser.new_page()
    moderator.goto(f"{live_url}/moderation/")
    expect(moderator.get_by_role("heading", name="Sign in")).to_be_visible()
    moderator.get_by_label("Username").fill("mia")
    moderator.get_by_label("Password", exact=True).fill(PASSWORD)
    moderator.get_by_role("button", name="Sign in").click()
    expect(moderator.get_by_role("heading", name="Moderation")).to_be_visible()
    expect(moderator.locator(".badge")).to_contain_text("1")
    expect(moderator.locator(".queue-list")).to_contain_text("Seen from a real browser.")
    moderator.screenshot(path=os.environ.get("BLOGAPP_SCREENSHOT", str(tmp_path / "queue.png")), full_page=True)
    moderator.get_by_role("button", name="Approve comment").click()
    expect(moderator.get_by_role("status")).to_contain_text("1 comment approved.")
    expect(moderator.locator(".badge")).to_contain_text("0")

    everyone = browser.new_context().new_page()
    everyone.goto(article_url)
    expect(everyone.locator("#comments")).to_contain_text("Seen from a real browser.")
    expect(everyone.locator("#comments-heading")).to_have_text("1 comment")
    expect(everyone.get_by_role("link", name="Reply to Ana")).to_be_visible()
