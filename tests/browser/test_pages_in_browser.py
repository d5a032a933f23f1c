"""Every page type (harness.pages.PAGES) in Chromium: accessible, valid HTML, usable at any width.

- axe-core (npm), injected into each page: zero violations of WCAG 2.1 A and AA;
- the Nu HTML Checker (npm vnu-jar, on the machine's Java): zero errors in
  the HTML each page was served as;
- at 360 and 1280 px wide nothing scrolls sideways; screenshots of both go to
  reports/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
import re

import pytest

from blogapp.extensions import db
from blogapp.storage.models import Article

from harness import corpora
from harness.browser import (
    REPORT_DIR,
    browser,  # noqa: F401  (a fixture)
    needs_chromium,
)
from harness.html_checks import SavedPages, vnu_errors
from harness.pages import PAGES
from harness.site import seed_site, with_confirmation_links
from helpers.accounts import PASSWORD
from helpers.servers import SERVER_SECRET_KEY, running_servers

pytestmark = needs_chromium

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (360, 1280)
SCREENSHOTS = REPORT_DIR / "screenshots"


@pytest.fixture(scope="module")
def server(migrated_database, tmp_path_factory):
    options = {"COMMENT_MIN_SECONDS": 0, "COMMENT_RATE_LIMIT": "1000 per minute", "LOG_LEVEL": "WARNING"}
    with running_servers(1, migrated_database, tmp_path_factory.mktemp("pages"), workers=2, **options) as [server]:
        yield server


@pytest.fixture
def app_config() -> dict:
    # The seeding app signs what the server will check (the comment's private address) with the server's key.
    return {"SECRET_KEY": SERVER_SECRET_KEY}


@pytest.fixture
def site(make):
    site = with_confirmation_links(seed_site(make))
    # What strangers type that could push a narrow page sideways.
    article = db.session.scalar(db.select(Article).filter_by(slug=site.slug))
    make.comment(article, author_name="N" * 80, author_url="https://example.org/" + "p" * 250,
                 body="W" * 300 + "\n\nhttps://example.org/" + "long/" * 60 + "\n\n<pre>" + "code " * 100 + "</pre>")
    make.article(title="Unbreakable" * 18, slug="unbreakable", category=article.category)
    article.body_markdown += "\n\n| " + " | ".join(f"Column {n}" for n in range(12)) + " |\n|" + "---|" * 12 + \
        "\n| " + " | ".join("a fairly long cell value" for _ in range(12)) + " |\n"
    db.session.commit()
    # Let go of SQLite's write lock: the server's workers write too.
    db.session.close()
    return site


def signed_in(browser, server, role, **options):
    """A browser context, signed in through the real form when ``role`` is given."""
    context = browser.new_context(**options)
    if role is not None:
        page = context.new_page()
        page.goto(server.url + "/auth/login")
        page.get_by_label("Username").fill(role.value)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        assert "Signed in as" in page.content()
        page.close()
    return context


def open_page(page, server, site, spec):
    """Go to the page as a person would; returns the response of the final navigation."""
    response = page.goto(server.url + site.url(spec.path))
    if spec.button:
        if spec.forged_token:
            page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach(e => e.value = 'forged')")
        for name, value in spec.fill.items():
            page.locator(f'#main [name="{name}"]').fill(value)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=spec.button, exact=True).click()
        response = navigation.value
    assert response.status == spec.status, (spec.name, response.status)
    return response


def axe_violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


def layout_problems(page, name: str) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"scrolls {overflow} px sideways at {width} px")
        page.screenshot(path=str(SCREENSHOTS / f"{re.sub(r'[^a-z0-9]+', '-', name.lower())}-{width}.png"),
                        full_page=True)
    return problems


def test_every_page_type_is_accessible_valid_and_fits_any_width(browser, server, site, tmp_path):
    axe_source = corpora.axe_script()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    contexts, problems, saved = {}, {}, SavedPages(tmp_path)
    for spec in PAGES:
        if spec.role not in contexts:
            contexts[spec.role] = signed_in(browser, server, spec.role, bypass_csp=True)
        page = contexts[spec.role].new_page()
        response = open_page(page, server, site, spec)
        saved.save(spec.name, response.body())
        found = axe_violations(page, axe_source) + layout_problems(page, spec.name)
        if found:
            problems[spec.name] = found
        page.close()
    for context in contexts.values():
        context.close()
    for name, errors in vnu_errors(saved).items():
        problems.setdefault(name, []).extend(f"HTML: {error}" for error in errors)
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
