"""Every hostile string we know, posted as a reader and as an editor, then read by Chromium.

Comments go through the real comment form (name, website and body), are
approved through the moderation queue, and the article pages and the queue
are loaded in headless Chromium with alert/confirm/prompt/print hooked. The
browser ignores the Content-Security-Policy here (``bypass_csp``), so what is
proved is the sanitiser's work alone; the policy is a second wall on top.
Article bodies take the same strings through the desk's form and through
``flask articles import``.
"""

from __future__ import annotations

import math

import pytest
from defusedxml import ElementTree
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.media.library import image_problems
from blogapp.storage.models import Comment, Role
from blogapp.text.allowlists import ARTICLE_TAGS, COMMENT_TAGS
from blogapp.text.plaintext import fold_line_breaks

from harness import corpora
from harness.browser import (
    SANITISED_REGION_PROBLEMS,
    browser,  # noqa: F401  (a fixture)
    hooked_context,
    needs_chromium,
)
from harness.html_checks import SavedPages, page_wide_problems, textarea_text, vnu_errors
from harness.site import CommentSender, approve_all_pending, import_from_files, publish_through_the_desk, sign_in
from helpers.accounts import PASSWORD
from helpers.forms import csrf_token_from
from helpers.servers import running_servers

pytestmark = needs_chromium

COMMENTS_PER_ARTICLE = 120
PAYLOADS_PER_ARTICLE = 25
# The reader's own names and links are shown as text and as the author link.
AUTHOR_TAGS = ["a", "span"]


@pytest.fixture
def app_config() -> dict:
    # Hundreds of comments from one test client: lift the per-client limit,
    # let the queue show a big batch per page, and put every comment on one
    # article page, so each page load checks them all.
    return {"COMMENT_RATE_LIMIT": "100000 per minute", "COMMENTS_PER_QUEUE_PAGE": 100, "COMMENT_THREADS_PER_PAGE": 100000}


@pytest.fixture(scope="module")
def server(migrated_database, tmp_path_factory):
    with running_servers(1, migrated_database, tmp_path_factory.mktemp("xss"), workers=1,
                         COMMENT_THREADS_PER_PAGE=100000) as [server]:
        yield server


def test_the_hooks_and_checks_catch_a_planted_payload(browser):
    """The detector itself: a page that does run script and carries bad markup is caught."""
    dialogs: list = []
    context = hooked_context(browser, dialogs, bypass_csp=True)
    page = context.new_page()
    page.set_content('<div class="comment-body"><img src="data:," onerror="alert(1)">'
                     '<a href="javascript:void(0)">x</a><a href="https://example.org/">y</a></div>'
                     '<script>setTimeout(() => print(), 10)</script>')
    page.wait_for_timeout(300)
    problems = page.evaluate(SANITISED_REGION_PROBLEMS, [".comment-body", sorted(COMMENT_TAGS), True])
    context.close()
    assert {name for _, name, _ in dialogs} == {"alert", "print"}
    assert any("element <img>" in p for p in problems) and any("onerror" in p for p in problems)
    assert any("javascript:" in p for p in problems) and any("script element" in p for p in problems)
    assert any("without rel" in p for p in problems)


def website_for(number: int, payload: str) -> str:
    """The payload inside a website address, in the query or as the host."""
    return f"https://example.org/?q={payload}" if number % 2 else f"http://{payload}"


def comment_fields(number: int, payload: str) -> list[dict]:
    """The payload in every field; then, for what the form refuses, in fewer fields."""
    return [
        {"name": payload[:80], "website": website_for(number, payload), "body": payload},
        {"name": payload[:80], "website": "", "body": payload},
        {"name": f"Reader {number}", "website": "", "body": payload},
    ]


def post_payloads(client, slug: str, payloads: list[str], first_number: int) -> int:
    """Post each payload; returns how many were stored (answered 303)."""
    reader, stored = CommentSender(client, slug), 0
    for number, payload in enumerate(payloads, start=first_number):
        for attempt in comment_fields(number, payload):
            status = reader.send(attempt).status_code
            assert status in (303, 400, 409), (payload, status)
            if status == 303:
                stored += 1
                break
    return stored


def assert_edit_forms_keep_text_inert(moderator, count: int = 150) -> None:
    """The moderator's edit form puts the raw text in a textarea: inert, and exactly as typed."""
    problems = {}
    for comment in db.session.scalars(select(Comment).order_by(Comment.id).limit(count)):
        page = moderator.get(f"/moderation/comments/{comment.id}/").get_data(as_text=True)
        found = page_wide_problems(page)
        # A browser drops one newline at the start of a textarea, as the form writes one.
        if textarea_text(page, "edit-body").removeprefix("\n") != comment.body_raw.replace("\r\n", "\n"):
            found.append("the edit form does not show the text as stored")
        if found:
            problems[comment.body_raw] = found
    assert problems == {}


def visit(page, url: str, dialogs: list, selector: str, tags, need_rel: bool, saved: SavedPages) -> list[str]:
    """Load ``url``, give timers a moment, and report what the browser found.

    The page as served is kept in ``saved`` for the HTML checker.
    """
    response = page.goto(url)
    assert response.status == 200, url
    saved.save(url, response.body())
    page.wait_for_timeout(300)
    problems = page.evaluate(SANITISED_REGION_PROBLEMS, [selector, sorted(tags), need_rel])
    return [f"{url}: {problem}" for problem in problems]


def html_problems(saved: SavedPages) -> list[str]:
    """Hostile text must not make a page invalid HTML either."""
    return [f"{url}: {error}" for url, errors in vnu_errors(saved).items() for error in errors]


def test_comment_payloads_run_nothing_in_chromium(app, client, make, server, browser, tmp_path):
    payloads = corpora.xss_payloads()
    articles = [make.article(title=f"Hostile comments {n}") for n in range(math.ceil(len(payloads) / COMMENTS_PER_ARTICLE))]
    stored = 0
    for index, article in enumerate(articles):
        batch = payloads[index * COMMENTS_PER_ARTICLE:(index + 1) * COMMENTS_PER_ARTICLE]
        stored += post_payloads(client, article.slug, batch, index * COMMENTS_PER_ARTICLE)
    assert db.session.scalar(select(func.count(Comment.id))) == stored
    # Some strings are only spaces or invisible characters: the form refuses those.
    assert stored >= len(payloads) * 0.9
    make.user("mod", role=Role.MODERATOR)
    moderator = app.test_client()
    sign_in(moderator, "mod")
    assert approve_all_pending(moderator) == stored
    assert_edit_forms_keep_text_inert(moderator)
    db.session.commit()

    dialogs: list = []
    context = hooked_context(browser, dialogs, bypass_csp=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(("dialog", dialog.type, dialog.message)), dialog.dismiss()))
    problems, shown, saved = [], 0, SavedPages(tmp_path)
    for article in articles:
        url = f"{server.url}/articles/{article.slug}/"
        problems += visit(page, url, dialogs, ".comment-body", COMMENT_TAGS, need_rel=True, saved=saved)
        problems += page.evaluate(SANITISED_REGION_PROBLEMS, [".comment-author", AUTHOR_TAGS, True])
        shown += page.locator("#comments .comment-body").count()
    # The moderators read every comment too: the approved tab, a batch per page.
    page.goto(f"{server.url}/auth/login")
    page.get_by_label("Username").fill("mod")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for number in range(1, math.ceil(stored / 100) + 1):
        url = f"{server.url}/moderation/?tab=approved&page={number}"
        problems += visit(page, url, dialogs, ".queue-item .comment-body", COMMENT_TAGS, need_rel=True, saved=saved)
    context.close()
    assert not dialogs, dialogs[:20]
    problems += html_problems(saved)
    assert not problems, "\n".join(problems[:60])
    assert shown == stored


def markdown_batches(payloads: list[str]) -> list[str]:
    """Payloads in groups, one paragraph each, for a few article bodies."""
    return [
        "\n\n".join(payloads[start:start + PAYLOADS_PER_ARTICLE])
        for start in range(0, len(payloads), PAYLOADS_PER_ARTICLE)
    ]


def test_article_payloads_run_nothing_in_chromium(app, client, runner, make, server, browser, tmp_path):
    from blogapp.storage.models import Article, Category

    make.user("ed", role=Role.EDITOR)
    sign_in(client, "ed")
    # The category's name and description are an editor's text too.
    page = client.get("/desk/categories/new").get_data(as_text=True)
    created = client.post("/desk/categories/new", data={
        "csrf_token": csrf_token_from(page), "name": "Hostile " + corpora.OWN_CASES[0], "slug": "",
        "description": corpora.OWN_CASES[6]})
    assert created.status_code == 303
    category = db.session.scalars(select(Category)).one()
    # The desk refuses a body with another site's image (tests/pages/test_media_in_articles.py):
    # those payloads take the import's way, which removes such images and keeps the rest.
    payloads = corpora.xss_payloads()
    at_desk = [payload for payload in payloads if not image_problems(payload)]
    half = len(at_desk) // 2
    desk_batches = markdown_batches(at_desk[:half])
    batches = desk_batches + markdown_batches(at_desk[half:] + [p for p in payloads if image_problems(p)])
    # Titles are hostile too: they appear in <title>, meta tags, JSON-LD, headings and feeds.
    # A title is one line (refused otherwise, as tests/pages/test_bad_input_forms.py checks): breaks are folded.
    titled = [(fold_line_breaks(f"Hostile\x0b{n}\x01 {corpora.OWN_CASES[n % len(corpora.OWN_CASES)]}")[:200], body)
              for n, body in enumerate(batches)]
    for title, body in titled[:len(desk_batches)]:
        publish_through_the_desk(client, category.id, title, body)
    import_from_files(runner, tmp_path, category.name, titled[len(desk_batches):])
    db.session.commit()
    slugs = db.session.scalars(select(Article.slug)).all()
    assert len(slugs) == len(batches)

    dialogs: list = []
    context = hooked_context(browser, dialogs, bypass_csp=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(("dialog", dialog.type, dialog.message)), dialog.dismiss()))
    problems, saved = [], SavedPages(tmp_path)
    for slug in slugs:
        problems += visit(page, f"{server.url}/articles/{slug}/", dialogs, ".article-body", ARTICLE_TAGS,
                          need_rel=False, saved=saved)
    problems += visit(page, f"{server.url}/category/{category.slug}/", dialogs, ".summary", {"h2", "a", "p", "time"}, False, saved)
    context.close()
    assert not dialogs, dialogs[:20]
    problems += html_problems(saved)
    assert not problems, "\n".join(problems[:60])
    # Feed readers are stricter than browsers: the feeds must stay well-formed XML.
    for feed in ("/feed.atom", f"/category/{category.slug}/feed.atom", "/sitemap.xml"):
        ElementTree.fromstring(client.get(feed).data)
