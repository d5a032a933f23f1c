"""Where a page's time goes: ``python -m bench.profile URL [--no-cache] [--requests N]``.

Calls the app's WSGI entry point directly, in this process (no HTTP, no test
client), against the database in BLOGAPP_SQLALCHEMY_DATABASE_URI, and prints
the time per request and pyinstrument's call tree (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import logging
import os
import time

from werkzeug.test import EnvironBuilder

from blogapp import create_app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("url", help="path and query, e.g. /articles/bench-50-comments/")
    parser.add_argument("--no-cache", action="store_true", help="render every time (PAGE_CACHE_ENABLED off)")
    parser.add_argument("--requests", type=int, default=500)
    options = parser.parse_args(argv)
    app = create_app({"PAGE_CACHE_ENABLED": not options.no_cache})
    # As under gunicorn with its log going to a file: the line is written, not shown.
    for handler in logging.getLogger("blogapp").handlers:
        handler.setStream(open(os.devnull, "w"))
    path, _, query = options.url.partition("?")
    environ = EnvironBuilder(path=path, query_string=query).get_environ()

    def request() -> None:
        b"".join(app.wsgi_app(dict(environ), lambda status, headers, exc_info=None: None))

    for _ in range(20):
        request()
    started = time.perf_counter()
    for _ in range(options.requests):
        request()
    print(f"{(time.perf_counter() - started) / options.requests * 1e6:,.0f} µs per request")
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(options.requests):
            request()
    print(profiler.output_text(color=False))


if __name__ == "__main__":
    main()
