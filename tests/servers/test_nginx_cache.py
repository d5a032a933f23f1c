"""Debian's nginx with deploy/nginx/blogapp.conf in front of gunicorn: the micro-cache (issue 15).

Shared pages may be kept until the end of the second they were made in
(``X-Accel-Expires: @<second>``); staff, readers with something personal and
every POST reach the app; nothing that sets a cookie is ever kept. Each test
has its own gunicorn and nginx on free ports, so it does not matter what else
runs on the machine, nor how fast.
"""

from __future__ import annotations

import time

import pytest

from blogapp.extensions import db
from blogapp.storage.models import CommentStatus, Role

from helpers.accounts import PASSWORD
from helpers.forms import CSRF_FIELD
from helpers.nginx import nginx_binary, start_nginx, stop_nginx
from helpers.servers import Browser, start_server, stop_server

ATTEMPTS = 20  # second boundaries to try for two requests within one second, on a busy machine


@pytest.fixture
def site(app, migrated_database, tmp_path):
    """(nginx, gunicorn): the shipped config in front of two workers."""
    nginx_binary()
    # Committed first: SQLite would hold the servers' writes back.
    db.session.commit()
    backend = start_server(migrated_database, tmp_path, TRUSTED_PROXIES=1)
    try:
        front = start_nginx(tmp_path, backend.url)
        try:
            yield front, backend
        finally:
            stop_nginx(front)
    finally:
        stop_server(backend)


def app_requests(backend, path: str) -> int:
    """How many GETs of ``path`` blogapp has logged (one line a request it answered)."""
    return backend.log().count(f"GET {path} ")


def next_second(margin: float = 0.1) -> None:
    """Sleep past the next whole second of the clock: every page kept before is out of date."""
    time.sleep(1 - time.time() % 1 + margin)


def cached_answer(front, backend, path: str):
    """A HIT for ``path`` and whether gunicorn saw that request; None if no HIT came."""
    for _ in range(ATTEMPTS):
        next_second(0.01)
        Browser().get(front.url + path)
        before = app_requests(backend, path)
        page = Browser().get(front.url + path)
        if page.headers.get("X-Cache-Status") == "HIT":
            return page, app_requests(backend, path) - before
    return None, None


def sign_in(front, username: str) -> Browser:
    staff = Browser()
    staff.post_form(f"{front.url}/auth/login", f"{front.url}/auth/login",
                    {"username": username, "password": PASSWORD})
    assert "Signed in as" in staff.get(f"{front.url}/moderation/").text
    return staff


def assert_every_read_reaches_the_app(browser: Browser, front, backend, path: str, own_text: str) -> None:
    """Three reads by ``browser``: each answered by gunicorn (not the cache), each their own page."""
    before = app_requests(backend, path)
    pages = [browser.get(front.url + path) for _ in range(3)]
    assert app_requests(backend, path) - before == 3
    assert {page.headers.get("X-Cache-Status") for page in pages} <= {"BYPASS", None}
    assert all(own_text in page.text for page in pages)


def comment_fields(body: str) -> dict:
    return {"name": "Ada", "email": "ada@example.org", "website": "", "body": body}


def test_a_second_anonymous_read_is_answered_by_nginx(site, make):
    front, backend = site
    path = f"/articles/{make.article(title='Kept by nginx').slug}/"
    page, reached_app = cached_answer(front, backend, path)
    assert page is not None, f"no X-Cache-Status HIT in {ATTEMPTS} pairs of reads (does the page set a cookie?)"
    assert reached_app == 0
    # Its request id is its own (nginx's), not that of the request that filled the cache.
    assert page.headers["X-Request-ID"] not in backend.log()
    assert "Kept by nginx" in page.text and "Set-Cookie" not in page.headers


def test_an_approval_shows_to_readers_once_the_second_is_over(site, make):
    front, backend = site
    article = make.article(title="Approved behind nginx")
    pending = make.comment(article, "Approved through the queue", status=CommentStatus.PENDING)
    make.user("mia", Role.MODERATOR)
    path, pending_id = f"/articles/{article.slug}/", pending.id
    db.session.commit()
    page, _ = cached_answer(front, backend, path)
    assert page is not None and "Approved through the queue" not in page.text

    moderator = sign_in(front, "mia")
    queue = moderator.get(f"{front.url}/moderation/?tab=pending")
    assert "Approved through the queue" in queue.text
    approved = moderator.open(f"{front.url}/moderation/comments/{pending_id}/approve",
                              data={"csrf_token": CSRF_FIELD.search(queue.text).group(1),
                                    "tab": "pending", "page": "1"})
    assert approved.status == 200

    next_second()
    assert "Approved through the queue" in Browser().get(front.url + path).text


def test_a_reader_with_a_pending_comment_always_reaches_the_app(site, make):
    front, backend = site
    path = f"/articles/{make.article(title='Pending behind nginx').slug}/"
    db.session.remove()  # no transaction of the test's left open while the app writes (SQLite)
    assert cached_answer(front, backend, path)[0] is not None
    reader = Browser()
    posted = reader.post_form(front.url + path, front.url + path + "comments",
                              comment_fields("My words, awaiting a moderator."))
    assert posted.status == 200 and "awaiting moderation" in posted.text

    assert_every_read_reaches_the_app(reader, front, backend, path, "My words, awaiting a moderator.")


def test_a_signed_in_moderator_always_reaches_the_app(site, make):
    front, backend = site
    path = f"/articles/{make.article(title='Staff behind nginx').slug}/"
    make.user("mia", Role.MODERATOR)
    assert cached_answer(front, backend, path)[0] is not None
    moderator = sign_in(front, "mia")

    assert_every_read_reaches_the_app(moderator, front, backend, path, "Signed in as mia")


def test_no_response_that_sets_a_cookie_is_kept(site, make):
    front, _ = site
    path = f"/articles/{make.article(title='Cookies behind nginx').slug}/"
    answers = []
    for _ in range(3):
        answers += [Browser().get(f"{front.url}/auth/login"), Browser().get(front.url + path)]
    reader = Browser()
    answers.append(reader.post_form(front.url + path, front.url + path + "comments",
                                    comment_fields("A comment that earns a cookie.")))
    answers += [Browser().get(front.url + path) for _ in range(3)]
    answers += [Browser().get(f"{front.url}/auth/login") for _ in range(3)]
    from_cache = [page for page in answers if page.headers.get("X-Cache-Status") in {"HIT", "STALE", "UPDATING"}]
    assert not [page.url for page in from_cache if "Set-Cookie" in page.headers]
    # The comment's author has their page; no later anonymous reader gets their cookie or comment.
    assert all("A comment that earns a cookie." not in page.text for page in answers[-6:])
