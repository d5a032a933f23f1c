"""The site with the keyboard alone and with JavaScript switched off, in Chromium.

A reader comments, a moderator signs in and approves, and the comment
appears: Tab, typing and Enter only, in a browser that runs no script. On the
pages with forms, every Tab stop is visible on screen and shows a focus
indicator, and reaches the form's fields and buttons.
"""

from __future__ import annotations

import pytest

from blogapp.extensions import db
from blogapp.storage.models import Role

from harness.browser import (
    browser,  # noqa: F401  (a fixture)
    needs_chromium,
)
from harness.site import seed_site
from helpers.accounts import PASSWORD
from helpers.servers import running_servers

pytestmark = needs_chromium

MAX_TAB_STOPS = 80
# What each focused element looks like, read from Chromium's computed style.
FOCUS_STATE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    what: element.localName + (element.name ? "[name=" + element.name + "]" : "") + " " +
          (element.getAttribute("aria-label") || element.innerText || element.value || "").trim().slice(0, 40),
    indicator: outline || style.boxShadow !== "none",
    visible: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0 &&
             box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""
FORM_PAGES = [
    (None, "/articles/{slug}/", ["input[name=name]", "textarea[name=body] ", "button Post comment"]),
    (None, "/auth/login", ["input[name=username]", "input[name=password]", "button Sign in"]),
    (Role.MODERATOR, "/moderation/", ["button Approve", "input[name=ids]"]),
    (Role.EDITOR, "/desk/articles/new", ["input[name=title]", "textarea[name=body] ", "button Save"]),
]


@pytest.fixture(scope="module")
def server(migrated_database, tmp_path_factory):
    options = {"COMMENT_MIN_SECONDS": 0, "LOG_LEVEL": "WARNING"}
    with running_servers(1, migrated_database, tmp_path_factory.mktemp("keys"), workers=2, **options) as [server]:
        yield server


@pytest.fixture
def site(make):
    site = seed_site(make)
    db.session.close()
    return site


def tab_until(page, predicate, limit: int = MAX_TAB_STOPS) -> list[dict]:
    """Press Tab until ``predicate(state)``; returns every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        stops.append(state)
        if predicate(state):
            return stops
    raise AssertionError(f"Tab never reached the element; stops: {[s['what'] for s in stops]}")


def press_enter_and_wait(page) -> None:
    """Enter on a focused field or button sends its form; wait for the page that answers."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sign_in_with_keys(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/auth/login")
    tab_until(page, lambda state: state["what"].startswith("input[name=username]"))
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_enter_and_wait(page)
    assert "Signed in as" in page.content()


def test_comment_and_approve_with_the_keyboard_and_no_javascript(browser, server, site):
    reader = browser.new_context(java_script_enabled=False).new_page()
    reader.goto(f"{server.url}/articles/{site.slug}/")
    tab_until(reader, lambda state: state["what"].startswith("input[name=name]"))
    for text in ("Ada", "ada@example.org", "https://example.org/", "Typed without a mouse or a script."):
        reader.keyboard.type(text)
        reader.keyboard.press("Tab")
    tab_until(reader, lambda state: state["what"].startswith("button Post comment"))
    press_enter_and_wait(reader)
    assert "awaiting moderation" in reader.content()

    moderator = browser.new_context(java_script_enabled=False).new_page()
    sign_in_with_keys(moderator, server.url, "moderator")
    moderator.goto(f"{server.url}/moderation/")
    tab_until(moderator, lambda state: state["what"].startswith("button Approve comment"))
    press_enter_and_wait(moderator)
    assert "1 comment approved." in moderator.content()

    everyone = browser.new_context(java_script_enabled=False).new_page()
    everyone.goto(f"{server.url}/articles/{site.slug}/")
    assert "Typed without a mouse or a script." in everyone.content()


@pytest.mark.parametrize("role, path, must_reach", FORM_PAGES, ids=[p[1] for p in FORM_PAGES])
def test_every_tab_stop_is_visible_and_shows_focus(browser, server, site, role, path, must_reach):
    page = browser.new_context().new_page()
    if role is not None:
        sign_in_with_keys(page, server.url, role.value)
    page.goto(server.url + site.url(path))
    stops = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or (stops and state == stops[0]):
            break
        stops.append(state)
    hidden = [s for s in stops if not (s["visible"] and s["indicator"])]
    assert hidden == [], f"focus not visible on: {hidden}"
    reached = " | ".join(s["what"] for s in stops)
    for wanted in must_reach:
        assert wanted.strip() in reached, f"{wanted!r} not reached by Tab: {reached}"
