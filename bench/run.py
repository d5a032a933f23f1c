"""The bench run: B, then each blogapp page, on one machine, one at a time.

Every server gets the same gunicorn settings (the shipped gunicorn.conf.py,
``--workers`` of them); only one runs at a time, beside the load generator.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from . import load
from .data import REPOSITORY, deep_cursor, flaskr_style_database, search_queries, seeded, slug_in_category

sys.path.insert(0, str(REPOSITORY / "tests"))
from helpers.servers import Browser, start_server, stop_server  # noqa: E402  (the tests' gunicorn helper)

ARTICLE = "/articles/bench-50-comments/"
BIG_ARTICLE = "/articles/bench-2000-comments/"
# Only in the scale database: a post gone viral.
VIRAL_ARTICLE = "/articles/bench-50000-comments/"
# Issue 7's reference configurations: (label, gunicorn app, page measured).
REFERENCE_C = ("C: flaskr-style index (reference)", "bench.flaskr_style:create_app()", "/")
REFERENCE_N = ("N: naive article render, 50 comments (reference)", "bench.naive_article:create_app()", ARTICLE)


def worker_memory_mb(server) -> list[tuple[float, float]]:
    """Each gunicorn worker's resident memory and its unique part, in MB.

    Unique is Private_Clean + Private_Dirty of /proc/PID/smaps_rollup: the
    pages no other process shares, what the worker itself costs beside the
    master it was forked from (preload_app) and the other workers.
    """
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    sizes = []
    for child in children:
        rollup = dict(re.findall(r"^(\w+):\s+(\d+) kB", Path(f"/proc/{child}/smaps_rollup").read_text(), re.M))
        unique = int(rollup["Private_Clean"]) + int(rollup["Private_Dirty"])
        sizes.append((int(rollup["Rss"]) / 1024, unique / 1024))
    return sizes


class Bench:
    """Runs each blogapp measurement right after one of B, so both see the same machine."""

    def __init__(self, options, workdir: Path):
        self.options, self.workdir = options, workdir
        # (label, blogapp's result, B's result just before it)
        self.rows: list[tuple[str, load.Result, load.Result]] = []
        self.notes: list[str] = []
        self.baseline = None
        # The same for every server: B, blogapp, C and N.
        self.gunicorn = {"PRELOAD": False} if getattr(options, "no_preload", False) else {}

    def start_baseline(self) -> None:
        self.baseline = start_server("sqlite://", self.workdir, workers=self.options.workers,
                                     app_module="bench.baseline:app", **self.gunicorn)

    def stop_baseline(self) -> None:
        self.notes.append(memory_note("of B", self.baseline))
        stop_server(self.baseline)

    def serve(self, database_url: str, name: str, **config):
        folder = self.workdir / name
        folder.mkdir(exist_ok=True)
        config.setdefault("LOG_LEVEL", "WARNING" if self.options.quiet_log else "INFO")
        return start_server(database_url, folder, workers=self.options.workers, **self.gunicorn, **config)

    def run_pair(self, url: str, warm_up: bool = True, **kwargs) -> tuple[load.Result, load.Result]:
        """``url`` and B in turns (``--rounds`` of each), so that load from
        elsewhere on the machine weighs on both alike."""
        rounds, connections = self.options.rounds, self.options.connections
        seconds = max(1, round(self.options.seconds / rounds))
        if warm_up:
            load.run(url, min(2, seconds), connections, **kwargs)
        load.run(self.baseline.url + "/", min(2, seconds), connections)
        ours, theirs = [], []
        for _ in range(rounds):
            theirs.append(load.run(self.baseline.url + "/", seconds, connections))
            ours.append(load.run(url, seconds, connections, **kwargs))
        return load.combined(ours), load.combined(theirs)

    def measure(self, label: str, url: str, **kwargs) -> load.Result:
        result, baseline = self.run_pair(url, **kwargs)
        self.rows.append((label, result, baseline))
        print(f"  {label}: {result.rate:,.0f} req/s (B {baseline.rate:,.0f}), p50 {result.p50:.1f} ms, "
              f"p99 {result.p99:.1f} ms, {result.errors} errors", flush=True)
        return result

    def pages(self, database_url: str) -> None:
        server = self.serve(database_url, "cached")
        try:
            # Readers get no cookie: every one of them is this reader.
            self.measure("article, 50 comments, cache warm, reader without cookies", server.url + ARTICLE)
            etag = Browser().get(server.url + ARTICLE).headers["ETag"]
            self.measure("article, conditional GET without cookies (304)", server.url + ARTICLE,
                         headers={"If-None-Match": etag})
            self.measure("home, cache warm", server.url + "/")
            self.notes.append(memory_note("after the cached runs", server))
        finally:
            stop_server(server)
        server = self.serve(database_url, "uncached", PAGE_CACHE_ENABLED=False)
        try:
            self.measure("article, 50 comments, cache off", server.url + ARTICLE)
            self.measure("home, cache off", server.url + "/")
            category = slug_in_category(Browser().get(server.url + "/").text)
            self.measure("category, cache off", f"{server.url}/category/{category}/")
            self.notes.append(memory_note("after the uncached runs", server))
        finally:
            stop_server(server)

    def references(self, database_url: str) -> None:
        """C and N, served like B (same gunicorn settings, no request log) and
        measured like blogapp's pages, so the targets' derivation can be checked here."""
        index_database = self.workdir / "flaskr-style.sqlite3"
        flaskr_style_database(index_database)
        for (label, app_module, path), url in ((REFERENCE_C, f"sqlite:///{index_database}"),
                                                (REFERENCE_N, database_url)):
            folder = self.workdir / app_module.partition(":")[0]
            folder.mkdir(exist_ok=True)
            server = start_server(url, folder, workers=self.options.workers, app_module=app_module, **self.gunicorn)
            try:
                self.measure(label, server.url + path)
                self.notes.append(memory_note(f"of {label[0]}", server))
            finally:
                stop_server(server)

    def scale(self, database_url: str) -> None:
        seconds = seeded(database_url, self.workdir, self.options.articles, self.options.comments)
        self.notes.append(f"`flask bench seed` ({self.options.articles:,} articles, "
                          f"{self.options.comments:,} comments): {seconds:.0f} s")
        server = self.serve(database_url, "scale", PAGE_CACHE_ENABLED=False)
        try:
            first = self.measure("scale: home page 1, cache off", server.url + "/")
            deep = self.measure("scale: home page 5,000, cache off",
                                f"{server.url}/?before={deep_cursor(database_url, 5000)}")
            self.notes.append(f"home page 1 / page 5,000 rate: {first.rate / max(deep.rate, 1):.2f}x")
            self.measure("scale: article, 2,000 comments, cache off", server.url + BIG_ARTICLE)
            last = last_comment_page(Browser().get(server.url + VIRAL_ARTICLE).text)
            self.measure(f"scale: article, 50,000 comments, page {last} (the last), cache off",
                         f"{server.url}{VIRAL_ARTICLE}?page={last}")
            urls = [f"{server.url}/search?q={q.replace(' ', '+')}" for q in search_queries()]
            self.notes.append(f"search p50 over {len(urls)} queries, one at a time: {load.latency_p50(urls):.1f} ms")
        finally:
            stop_server(server)
        server = self.serve(database_url, "scale-cached")
        try:
            self.measure("scale: article, 2,000 comments, cache warm", server.url + BIG_ARTICLE)
        finally:
            stop_server(server)


def last_comment_page(html: str) -> int:
    """The number of comment pages an article page says it has ("Page 1 of N")."""
    return int(re.search(r"Page 1 of ([\d,]+)", html).group(1).replace(",", ""))


def memory_note(when: str, server) -> str:
    """The line for the notes: each worker's resident and unique memory, e.g. "after the cached runs"."""
    sizes = ", ".join(f"{rss:.1f} / {unique:.1f}" for rss, unique in worker_memory_mb(server))
    return f"memory per worker {when} (RSS / unique MB): {sizes}"
