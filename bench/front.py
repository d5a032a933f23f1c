"""``python -m bench.front``: nginx's micro-cache in front of gunicorn, against nginx serving a file.

A: nginx serving the article page's exact bytes as a static file (the most a
front cache could give). nginx-in-front: deploy/nginx/blogapp.conf in front of
gunicorn (``--workers``), on the anonymous article page. Turns alternate, so
whatever else loads the machine weighs on both alike.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from . import load
from .data import REPOSITORY, seeded
from .run import ARTICLE

sys.path.insert(0, str(REPOSITORY / "tests"))
from helpers.nginx import start_nginx, stop_nginx  # noqa: E402  (the tests' nginx helper)
from helpers.servers import Browser, start_server, stop_server  # noqa: E402

STATIC_SITE = """\
server {{
    listen 127.0.0.1:{port};
    access_log {prefix}/static.access.log;
    root {prefix}/static;
    index index.html;
    default_type text/html;
}}
"""


def options(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.front", description=__doc__)
    parser.add_argument("--seconds", type=int, default=5, help="length of each turn")
    parser.add_argument("--rounds", type=int, default=3, help="turns of each")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    return parser.parse_args(argv)


def static_site(page: bytes):
    """A ``site`` for start_nginx that serves ``page`` at ARTICLE."""
    def site(_upstream: str, port: int, prefix: Path) -> str:
        folder = prefix / "static" / ARTICLE.strip("/")
        folder.mkdir(parents=True)
        (folder / "index.html").write_bytes(page)
        return STATIC_SITE.format(port=port, prefix=prefix)
    return site


def alternate(urls: dict[str, str], opts) -> dict[str, load.Result]:
    """Each url in turn, ``--rounds`` times, after a warm-up of each."""
    turns: dict[str, list[load.Result]] = {label: [] for label in urls}
    for url in urls.values():
        load.run(url, 2, opts.connections)
    for _ in range(opts.rounds):
        for label, url in urls.items():
            turns[label].append(load.run(url, opts.seconds, opts.connections))
    return {label: load.combined(results) for label, results in turns.items()}


def table(results: dict[str, load.Result], reference: str) -> str:
    lines = ["| configuration | req/s | p50 ms | p99 ms | errors | vs A |", "|---|---:|---:|---:|---:|---:|"]
    for label, result in results.items():
        lines.append(f"| {label} | {result.rate:,.0f} | {result.p50:.2f} | {result.p99:.2f} | {result.errors} | "
                     f"{result.rate / results[reference].rate:.2f} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    opts = options(argv)
    with tempfile.TemporaryDirectory(prefix="blogapp-bench-front-") as folder:
        workdir = Path(folder)
        database = f"sqlite:///{workdir / 'small.sqlite3'}"
        seeded(database, workdir, 1000, 20_000)
        backend = start_server(database, workdir, workers=opts.workers, TRUSTED_PROXIES=1, LOG_LEVEL="WARNING")
        servers = []
        try:
            page = Browser().get(backend.url + ARTICLE)
            assert page.status == 200, page.status
            servers.append(start_nginx(workdir, backend.url, site=static_site(page.text.encode())))
            servers.append(start_nginx(workdir, backend.url))
            static, front = servers
            first = Browser().get(front.url + ARTICLE).headers
            print(f"front: Cache-Control {first.get('Cache-Control')!r}, Set-Cookie {'Set-Cookie' in first}",
                  flush=True)
            results = alternate({"A: nginx, static file": static.url + ARTICLE,
                                 "nginx-in-front (micro-cache, gunicorn behind)": front.url + ARTICLE}, opts)
        finally:
            for server in servers:
                stop_nginx(server)
            stop_server(backend)
    print()
    print(table(results, "A: nginx, static file"))
    print(f"\n{opts.workers} gunicorn workers, {opts.connections} connections, {opts.rounds} turns of "
          f"{opts.seconds} s each, load from {'wrk' if load.have_wrk() else 'Python threads'}")


if __name__ == "__main__":
    main()
