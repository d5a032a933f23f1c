"""What /metrics costs: the same pages with METRICS_ENABLED off and on, in turns, beside B.

``python -m bench.metrics_cost`` (or part of ``make bench``): two blogapp
servers on one small database, identical but for METRICS_ENABLED (multiprocess
mode, as gunicorn.conf.py sets it up), loaded in turns with B so that every
figure shares the machine's moment. Also: what one request's counting costs
in-process (a cached article through the app, off and on), and each
worker's memory with and without the metrics.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import load
from .run import ARTICLE, Bench, memory_note, worker_memory_mb

# In a fresh interpreter in multiprocess mode: the same cached article through
# two apps, metrics off and on, in alternating blocks (the machine's load
# weighs on both alike); the median block of each, in microseconds per request.
REQUEST_COST = """
import statistics, sys, time
from werkzeug.test import EnvironBuilder
from blogapp import create_app

path, cached = sys.argv[1], sys.argv[2] == "cached"
apps = {name: create_app({"METRICS_ENABLED": name == "on", "PAGE_CACHE_ENABLED": cached}) for name in ("off", "on")}
environ = EnvironBuilder(path=path, base_url="http://localhost").get_environ()

def block(app, rounds=300):
    started = time.perf_counter()
    for _ in range(rounds):
        body = app.wsgi_app(dict(environ), lambda status, headers, exc_info=None: None)
        b"".join(body)
    return (time.perf_counter() - started) / rounds * 1e6

for app in apps.values():
    block(app, 50)
timings = {name: [] for name in apps}
for _ in range(15):
    for name, app in apps.items():
        timings[name].append(block(app))
print(statistics.median(timings["off"]), statistics.median(timings["on"]))
"""


def request_cost_us(bench: Bench, database_url: str, path: str, cached: bool) -> tuple[float, float]:
    """Microseconds per request for ``path`` answered in-process, metrics off and on."""
    with tempfile.TemporaryDirectory(prefix="blogapp-bench-metrics-") as folder:
        env = {key: value for key, value in os.environ.items() if not key.startswith("BLOGAPP_")}
        env.update(PROMETHEUS_MULTIPROC_DIR=folder, BLOGAPP_SQLALCHEMY_DATABASE_URI=database_url,
                   BLOGAPP_INSTANCE_PATH=str(bench.workdir / "metrics-in-process"), BLOGAPP_LOG_LEVEL="WARNING",
                   BLOGAPP_SECRET_KEY="bench-metrics-in-process-0123456789abcdef",
                   BLOGAPP_CANONICAL_URL="http://localhost")
        done = subprocess.run([sys.executable, "-c", REQUEST_COST, path, "cached" if cached else "uncached"], env=env, capture_output=True,
                              text=True, check=True, cwd=Path(__file__).resolve().parents[1])
        off, on = (float(word) for word in done.stdout.split())
        return off, on


PAGES = (("article, 50 comments, cache warm", ARTICLE), ("home, cache off", "/"))


def in_turns(bench: Bench, urls: list[str]) -> list[load.Result]:
    """Each of ``urls`` loaded in turns, ``--rounds`` times, after a warm-up of each."""
    rounds, connections = bench.options.rounds, bench.options.connections
    seconds = max(1, round(bench.options.seconds / rounds))
    for url in urls:
        load.run(url, min(2, seconds), connections)
    runs: list[list[load.Result]] = [[] for _ in urls]
    for _ in range(rounds):
        for url, results in zip(urls, runs):
            results.append(load.run(url, seconds, connections))
    return [load.combined(results) for results in runs]


def measure_metrics(bench: Bench, database_url: str) -> None:
    """Rows for the table (off and on, each beside B), the on/off ratio and the memory, as notes."""
    from helpers.servers import stop_server

    servers = {"off": bench.serve(database_url, "metrics-off", PAGE_CACHE_ENABLED=True),
               "on": bench.serve(database_url, "metrics-on", METRICS_ENABLED=True)}
    uncached = {"off": bench.serve(database_url, "metrics-off-uncached", PAGE_CACHE_ENABLED=False),
                "on": bench.serve(database_url, "metrics-on-uncached", PAGE_CACHE_ENABLED=False,
                                  METRICS_ENABLED=True)}
    try:
        for (label, path), group in zip(PAGES, (servers, uncached)):
            baseline, off, on = in_turns(bench, [bench.baseline.url + "/", group["off"].url + path,
                                                 group["on"].url + path])
            for name, result in (("off", off), ("on", on)):
                bench.rows.append((f"{label}, metrics {name}", result, baseline))
                print(f"  {label}, metrics {name}: {result.rate:,.0f} req/s (B {baseline.rate:,.0f})", flush=True)
            bench.notes.append(f"metrics on / off, {label}: {on.rate / off.rate:.3f} of the rate "
                               f"(B in the same turns: {baseline.rate:,.0f} req/s), "
                               f"p50 {on.p50:.2f} vs {off.p50:.2f} ms")
        scrape = load.latency_p50([servers["on"].url + "/metrics"] * 20)
        bench.notes.append(f"a scrape of /metrics ({bench.options.workers} workers' files), one at a time: "
                           f"p50 {scrape:.1f} ms")
        unique = {}
        for name, server in servers.items():
            bench.notes.append(memory_note(f"with metrics {name}, after the cached runs", server))
            unique[name] = sum(u for _, u in worker_memory_mb(server)) / bench.options.workers
        bench.notes.append(f"unique memory per worker, metrics on minus off: {unique['on'] - unique['off']:+.1f} MB")
    finally:
        for server in (*servers.values(), *uncached.values()):
            stop_server(server)
    for label, path, cached in (("a cached article", ARTICLE, True), ("the home page, cache off", "/", False)):
        off, on = request_cost_us(bench, database_url, path, cached)
        bench.notes.append(f"{label} answered in-process (WSGI, multiprocess values): {off:.0f} µs with "
                           f"metrics off, {on:.0f} µs on: {on - off:+.0f} µs, {on / off:.2f}x")


def main(argv=None) -> None:
    from .__main__ import options, table
    from .data import seeded

    opts = options(argv)
    with tempfile.TemporaryDirectory(prefix="blogapp-bench-") as folder:
        workdir = Path(folder)
        bench = Bench(opts, workdir)
        small = f"sqlite:///{workdir / 'small.sqlite3'}"
        started = time.perf_counter()
        seeded(small, workdir, 1000, 20_000)
        bench.start_baseline()
        try:
            measure_metrics(bench, small)
        finally:
            bench.stop_baseline()
        print()
        print(table(bench))
        print()
        for note in bench.notes:
            print(f"- {note}")
        print(f"- whole run: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
