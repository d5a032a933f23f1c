"""Chromium enforces the Content-Security-Policy on real pages and reports no violation."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from blogapp import create_app
from blogapp.extensions import db

from conftest import make_test_config
from harness.browser import browser, needs_chromium  # noqa: F401  (browser is a fixture)
from helpers.factories import Factory
from helpers.servers import running_servers

pytestmark = needs_chromium


@pytest.fixture
def served_site(tmp_path):
    """A SQLite site with an article and a comment, served by gunicorn."""
    database_url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    app = create_app(make_test_config(database_url))
    with app.app_context():
        upgrade()
        article = Factory().article(title="Policy test", slug="policy-test")
        Factory().comment(article, body="A comment with <strong>markup</strong>.")
        db.engine.dispose()
    with running_servers(1, database_url, tmp_path, workers=1) as [server]:
        yield server


def test_pages_load_without_policy_violations_and_with_their_stylesheet(served_site, browser):
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    for path in ("/", "/articles/policy-test/", "/auth/login", "/no-such-page"):
        page.goto(served_site.url + path)
    # The honeypot is hidden by the stylesheet, which the policy allows.
    page.goto(served_site.url + "/articles/policy-test/")
    position = page.eval_on_selector(".honeypot", "element => getComputedStyle(element).position")
    page.close()
    assert [m for m in messages if "Content Security Policy" in m] == []
    assert position == "absolute"
