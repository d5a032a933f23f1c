"""Where a page's time goes: ``python -m bench.profile URL [--no-cache] [--requests N]``.

Calls the app's WSGI entry point directly, in this process (no HTTP, no test
client), against the database in BLOGAPP_SQLALCHEMY_DATABASE_URI, and prints
the time per request and pyinstrument's call tree (``pip install -e '.[bench]'``).
``--app MODULE:NAME`` times another app the same way, e.g. ``bench.baseline:app``
(B) or ``bench.naive_article:create_app`` (N, a factory: it is called).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import time

from flask import Flask
from werkzeug.test import EnvironBuilder

from blogapp import create_app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("url", help="path and query, e.g. /articles/bench-50-comments/")
    parser.add_argument("--no-cache", action="store_true", help="render every time (PAGE_CACHE_ENABLED off)")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--returning", action="store_true", help="send the session cookie of a first visit")
    parser.add_argument("--conditional", action="store_true", help="also send its ETag (answered 304)")
    parser.add_argument("--app", metavar="MODULE:NAME", help="another app or app factory (B, C, N), not blogapp")
    parser.add_argument("--time-only", action="store_true", help="print the time per request, not the call tree")
    options = parser.parse_args(argv)
    app = other_app(options.app) if options.app else create_app({"PAGE_CACHE_ENABLED": not options.no_cache})
    # As under gunicorn with its log going to a file: the line is written, not shown.
    for handler in logging.getLogger("blogapp").handlers:
        handler.setStream(open(os.devnull, "w"))
    path, _, query = options.url.partition("?")
    # On the site's address, when it has one: other hosts get a 400.
    site = app.config.get("CANONICAL_URL") or None
    environ = EnvironBuilder(path=path, query_string=query, base_url=site).get_environ()
    if options.returning or options.conditional:
        environ.update(first_visit_headers(app, environ, options.conditional))

    def request() -> None:
        b"".join(app.wsgi_app(dict(environ), lambda status, headers, exc_info=None: None))

    for _ in range(20):
        request()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(options.requests):
        request()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # CPU time is steadier than wall time when other work shares the machine.
    print(f"{wall / options.requests * 1e6:,.0f} µs per request ({cpu / options.requests * 1e6:,.0f} µs of CPU)")
    if options.time_only:
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(options.requests):
            request()
    print(profiler.output_text(color=False))


def other_app(spec: str) -> Flask:
    """The app named ``module:name``, calling it first if it is a factory."""
    module, _, name = spec.partition(":")
    found = getattr(importlib.import_module(module), name)
    return found if isinstance(found, Flask) else found()


def first_visit_headers(app, environ: dict, conditional: bool) -> dict:
    """The Cookie (and If-None-Match) a reader sends back after a first visit."""
    answer = {}
    b"".join(app.wsgi_app(dict(environ), lambda status, headers, exc_info=None: answer.update(headers)))
    # Readers' pages set no cookie (issue 15): then only the ETag comes back.
    sent = {"HTTP_COOKIE": answer["Set-Cookie"].split(";", 1)[0]} if "Set-Cookie" in answer else {}
    if conditional:
        sent["HTTP_IF_NONE_MATCH"] = answer["ETag"]
    return sent


if __name__ == "__main__":
    main()
