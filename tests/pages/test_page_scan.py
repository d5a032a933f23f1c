"""No rendered page may need 'unsafe-inline': no inline scripts, style attributes or handlers.

The only <script> allowed is a data block (type="application/ld+json"),
which browsers never execute. The crawl starts from the home page of the demo
site and follows every link on it, then visits pages in special states.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

MAX_PAGES = 60


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block, and the site's own links."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and (attributes.get("type") != "application/ld+json" or "src" in attributes):
            self.problems.append(f"<script {attributes}>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def scan(html: str) -> InlineCodeFinder:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder


def crawl(client, start: str = "/") -> dict[str, list[str]]:
    """Problems per page, for every page of this site reachable from ``start``."""
    seen, queue, problems = set(), [start], {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.mimetype != "text/html":
            continue
        finder = scan(response.get_data(as_text=True))
        problems[path] = finder.problems
        for link in finder.links:
            parts = urlsplit(urljoin("http://blog.test" + path, link))
            if parts.netloc == "blog.test" and not parts.path.startswith("/static/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return problems


def test_the_finder_catches_what_csp_would_block():
    html = (
        '<script>alert(1)</script><p style="color:red" onclick="x()">'
        '<a href="javascript:void(0)">x</a><style>p{}</style>'
        '<script type="application/ld+json">{}</script>'
    )
    assert len(scan(html).problems) == 5


def test_no_crawled_page_has_inline_code(client, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    problems = crawl(client)
    # The home page, three categories and six articles.
    assert len(problems) >= 10, sorted(problems)
    assert {path: found for path, found in problems.items() if found} == {}


def test_pages_in_special_states_have_no_inline_code(client, make, post_form, app):
    """Form errors, a pending own comment, sign-in, and error pages."""
    article = make.article()
    make.comment(article, body="An approved comment with <em>markup</em>.")
    url = f"/articles/{article.slug}/"
    pages = {
        "form errors": client.post(url + "comments", data={}),
        "pending own comment": post_form(url, url + "comments",
                                         {"name": "Ada", "email": "ada@example.org", "body": "Mine."},
                                         follow_redirects=True),
        "sign-in": client.get("/auth/login"),
        "sign-in error": post_form("/auth/login", "/auth/login", {"username": "x", "password": "y"}),
        "not found": client.get("/no-such-page"),
        "too large": client.post(url + "comments", data={"body": "x" * 70_000}),
    }
    assert "awaiting moderation" in pages["pending own comment"].get_data(as_text=True)
    for name, response in pages.items():
        assert scan(response.get_data(as_text=True)).problems == [], name


def test_templates_have_no_inline_code(app):
    """A direct look at the template sources, for pages the crawl cannot reach."""
    loader = app.jinja_env.loader
    for name in app.jinja_env.list_templates(extensions=["html"]):
        source, _, _ = loader.get_source(app.jinja_env, name)
        assert " style=" not in source, name
        assert "<script>" not in source, name
        assert not any(f" on{event}=" in source for event in ("click", "load", "submit", "change", "input")), name
