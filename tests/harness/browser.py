"""One headless Chromium per test module, driven by Playwright, and what it looks for.

Debian's Chromium is used as it is (Playwright's own browser download does
not work here). The checks run inside the page, on the DOM Chromium built,
so they see what a reader's browser would, not what a regex guesses.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# Screenshots and other artefacts a person may want to look at (git-ignored).
REPORT_DIR = Path(__file__).resolve().parents[2] / "reports"

needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

# Runs before any script of every page and frame: records every dialog, and print().
DIALOG_HOOKS = """
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function (...args) { window.__reportDialog(name, String(args[0] ?? "")); return null; };
}
"""

# What a page shows from strangers, checked on Chromium's own DOM. Returns problems as text.
SANITISED_REGION_PROBLEMS = """([selector, allowedTags, needRel]) => {
  const problems = [];
  const safe = new Set(["http:", "https:", "mailto:"]);
  for (const script of document.querySelectorAll('script:not([type="application/ld+json"])')) {
    problems.push("script element: " + script.outerHTML.slice(0, 120));
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith("on")) {
        problems.push("handler " + attribute.name + " on <" + element.localName + "> anywhere on the page");
      }
    }
  }
  for (const region of document.querySelectorAll(selector)) {
    for (const element of region.querySelectorAll("*")) {
      const tag = element.localName;
      if (element.namespaceURI !== "http://www.w3.org/1999/xhtml" || !allowedTags.includes(tag)) {
        problems.push("element <" + tag + "> in " + selector);
      }
      for (const attribute of element.attributes) {
        if (attribute.name.toLowerCase().startsWith("on") || attribute.name === "style" ||
            attribute.name === "formaction") {
          problems.push("attribute " + attribute.name + " on <" + tag + ">");
        }
      }
      if ((tag === "a" && element.hasAttribute("href")) || (tag === "img" && element.hasAttribute("src"))) {
        const url = tag === "a" ? element : new URL(element.getAttribute("src"), document.baseURI);
        if (!safe.has(url.protocol)) {
          problems.push("link protocol " + url.protocol + " in " + selector + ": " + element.outerHTML.slice(0, 160));
        }
      }
      if (needRel && tag === "a" && element.hasAttribute("href")) {
        const rel = element.relList;
        if (!(rel.contains("nofollow") && rel.contains("ugc") && rel.contains("noopener"))) {
          problems.push("link without rel=nofollow ugc noopener: " + element.outerHTML.slice(0, 120));
        }
      }
    }
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a whole test module (import this fixture into the module)."""
    with chromium() as launched:
        yield launched


@contextmanager
def chromium():
    """A launched Chromium, closed afterwards."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def hooked_context(browser, dialogs: list, **options):
    """A browser context where alert/confirm/prompt/print only leave a record in ``dialogs``."""
    context = browser.new_context(**options)
    context.expose_binding("__reportDialog", lambda source, name, text: dialogs.append((source["frame"].url, name, text)))
    context.add_init_script(DIALOG_HOOKS)
    return context


@pytest.fixture
def live_url(app, migrated_database):
    """The blog served over HTTP on a free local port, on the test database.

    Its own app, without the tests' SERVER_NAME, so the browser's
    127.0.0.1:<port> is the host it answers to.
    """
    from werkzeug.serving import make_server

    from blogapp import create_app

    from conftest import make_test_config

    served = create_app(make_test_config(migrated_database, SERVER_NAME=None))
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
