"""Where a comment POST's time goes: ``python -m bench.profile_post [--requests N]``.

Like ``bench.profile`` for pages, but for the reader's comment form: one
reader fetches the article page (session cookie, CSRF token and the form's
hidden fields), waits out the "too fast" rule as a person would, then posts
a different comment each time straight into the app's WSGI entry point. Each
answer must be the 303 of an accepted comment. Only the per-client rate limit
is raised, as bench/posting.py does, since every request comes from one
address. It writes comments into the database in BLOGAPP_SQLALCHEMY_DATABASE_URI.
"""

from __future__ import annotations

import argparse
import html
import itertools
import logging
import os
import re
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from werkzeug.test import Client, EnvironBuilder

from blogapp import create_app

ARTICLE = "/articles/bench-50-comments/"
ROUNDS = 5
_HIDDEN = re.compile(r'<input id="[^"]*" name="([^"]*)" type="hidden" value="([^"]*)">')


def reader_form(app, article: str) -> tuple[str, dict[str, str]]:
    """The reader's session cookie and the comment form's hidden fields, from a page view."""
    # On the site's address, when it has one: other hosts get a 400.
    page = Client(app.wsgi_app).get(article, base_url=app.config["CANONICAL_URL"] or None)
    cookie = SimpleCookie()
    for header in page.headers.getlist("Set-Cookie"):
        cookie.load(header)
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in cookie.items() if morsel.value)
    fields = {name: html.unescape(value) for name, value in _HIDDEN.findall(page.get_data(as_text=True))}
    return cookies, fields


def poster(app, article: str) -> Callable[[], None]:
    """A function posting one new comment as the reader; it stops the run on any answer but a 303."""
    cookies, fields = reader_form(app, article)
    time.sleep(app.config["COMMENT_MIN_SECONDS"] + 0.5)
    tag, numbers = os.getpid(), itertools.count()
    form = {**fields, "name": "Bench reader", "email": "bench@example.org", "website": "", "homepage": ""}

    def post() -> None:
        body = urlencode({**form, "body": f"Profiled comment {tag} {next(numbers)}"})
        environ = EnvironBuilder(path=article + "comments", base_url=app.config["CANONICAL_URL"] or None,
                                 method="POST", data=body,
                                 content_type="application/x-www-form-urlencoded",
                                 headers={"Cookie": cookies}).get_environ()
        answer = {}
        b"".join(app.wsgi_app(environ, lambda status, headers, exc_info=None: answer.setdefault("s", status)))
        if not answer["s"].startswith("303"):
            raise SystemExit(f"POST answered {answer['s']}, not 303")

    return post


def best_round(post: Callable[[], None], requests: int) -> tuple[float, float]:
    """Wall and CPU µs per POST in the best of ROUNDS rounds: on a shared
    machine the others only ever add time."""
    per_round, rounds = max(1, requests // ROUNDS), []
    for _ in range(ROUNDS):
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(per_round):
            post()
        rounds.append((time.perf_counter() - started, time.process_time() - cpu))
    wall, cpu = (min(times) / per_round * 1e6 for times in zip(*rounds))
    return wall, cpu


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_post")
    parser.add_argument("--article", default=ARTICLE, help="the article page whose form is posted")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--no-tree", action="store_true", help="print the time per POST only")
    parser.add_argument("--all-frames", action="store_true", help="show library frames in the tree too")
    options = parser.parse_args(argv)
    app = create_app({"COMMENT_RATE_LIMIT": "1000000 per minute"})
    # As under gunicorn with its log going to a file: the line is written, not shown.
    for handler in logging.getLogger("blogapp").handlers:
        handler.setStream(open(os.devnull, "w"))
    post = poster(app, options.article)
    for _ in range(20):
        post()
    wall, cpu = best_round(post, options.requests)
    print(f"{wall:,.0f} µs per POST, {cpu:,.0f} µs of CPU (best of {ROUNDS} rounds)")
    if options.no_tree:
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(options.requests):
            post()
    print(profiler.output_text(color=False, show_all=options.all_frames))


if __name__ == "__main__":
    main()
