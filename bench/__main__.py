"""``python -m bench`` (``make bench``): measure, then print the table for docs/performance.md."""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from . import load
from .posting import comment_posts
from .run import VIRAL_ARTICLE, Bench


def options(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=int, default=12, help="length of each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="turns of B and blogapp within it")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers, for B and blogapp alike")
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the scale database")
    parser.add_argument("--comments", type=int, default=1_000_000, help="comments in the scale database")
    parser.add_argument("--no-scale", action="store_true", help="skip the 100,000-article figures")
    parser.add_argument("--no-metrics", action="store_true",
                        help="skip what /metrics costs, on against off (bench/metrics_cost.py)")
    parser.add_argument("--no-spam", action="store_true", help="skip the spam filter's cost (bench/spam.py)")
    parser.add_argument("--no-media", action="store_true", help="skip image uploads and serving (bench/media.py)")
    parser.add_argument("--no-pages", action="store_true", help="skip the page figures (B, cache on and off)")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip issue 7's reference apps C (flaskr-style index) and N (naive article render)")
    parser.add_argument("--postgres", metavar="URL", help="also post comments to this PostgreSQL database (emptied!)")
    parser.add_argument("--no-preload", action="store_true",
                        help="serve without gunicorn's preload_app (BLOGAPP_PRELOAD=false), to compare memory")
    parser.add_argument("--quiet-log", action="store_true", help="blogapp logs warnings only, not a line per request")
    return parser.parse_args(argv)


def table(bench: Bench) -> str:
    lines = ["| configuration | req/s | p50 ms | p99 ms | B req/s (run just before) | vs B | p99 vs B | errors |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for label, result, baseline in bench.rows:
        lines.append(f"| {label} | {result.rate:,.0f} | {result.p50:.1f} | {result.p99:.1f} | {baseline.rate:,.0f} | "
                     f"{result.rate / baseline.rate:.2f} | {result.p99 / baseline.p99:.1f}x | {result.errors} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    opts = options(argv)
    generator = "wrk" if load.have_wrk() else "Python threads (install wrk for real figures)"
    print(f"bench: {opts.workers} sync workers, {opts.connections} connections, {opts.seconds} s each, "
          f"load from {generator}, {platform.node()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="blogapp-bench-") as folder:
        workdir = Path(folder)
        bench = Bench(opts, workdir)
        small = f"sqlite:///{workdir / 'small.sqlite3'}"
        started = time.perf_counter()
        from .data import seeded

        seeded(small, workdir, 1000, 20_000)
        bench.start_baseline()
        try:
            if not opts.no_pages:
                bench.pages(small)
                if not opts.no_reference:
                    bench.references(small)
            if not opts.no_metrics:
                from .metrics_cost import measure_metrics

                measure_metrics(bench, small)
            comment_posts(bench, small, "comment POSTs, SQLite")
            if opts.postgres:
                seeded(opts.postgres, workdir, 1000, 20_000)
                comment_posts(bench, opts.postgres, "comment POSTs, PostgreSQL")
            if not opts.no_scale:
                scale = f"sqlite:///{workdir / 'scale.sqlite3'}"
                bench.scale(scale)
                comment_posts(bench, scale, "scale: comment POSTs, 50,000-comment article", VIRAL_ARTICLE)
            if not opts.no_spam:
                from .spam import notes as spam_notes

                bench.notes += spam_notes(opts.postgres)
            if not opts.no_media:
                from .media import notes as media_notes

                bench.notes += media_notes()
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
