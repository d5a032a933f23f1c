"""The moderation loop in a real browser: Playwright driving Debian's Chromium."""

from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from blogapp import create_app
from blogapp.extensions import db
from browser import launch_chromium, requires_chromium
from conftest import PASSWORD, make_test_config

pytestmark = requires_chromium


@pytest.fixture
def live_server(app, migrated_database):
    """The blog served over HTTP on a free local port, on the test database."""
    served = create_app(make_test_config(migrated_database, SERVER_NAME=None))
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def test_reader_comment_approved_by_a_moderator_appears_for_everyone(live_server, browser, make, tmp_path):
    from playwright.sync_api import expect

    article = make.article(title="Browser loop")
    make.user("mia")
    article_url = f"{live_server}/articles/{article.slug}/"
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
    moderator.goto(f"{live_server}/moderation/")
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
