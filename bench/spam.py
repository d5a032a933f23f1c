"""The spam filter's cost: one score with 100,000 comments learnt, on SQLite and PostgreSQL, and its memory.

    python -m bench.spam [--postgres URL]       # make bench runs it too

The filter learns 100,000 generated comments (a fifth of them spam) through
the same counting code as ``flask spam train``; their words follow a long
tail (a 5,000-word vocabulary, plus names and typos drawn from 200,000), so
the token table is about as large as a real blog's would become. Then 2,000
new comments are scored one by one, each in its own query, as posting does.
Memory: what importing the filter adds to a worker, and a worker's resident
memory before and after those 2,000 scores.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import create_engine, text

from blogapp.cli.benchdata import WORDS

from .data import REPOSITORY, flask

TRAINED = 100_000
PROBES = 2_000
RARE_WORDS = 200_000


def comment_text(rng: random.Random, spam: bool) -> str:
    """A comment of 15 to 120 words, Zipf-like; spam links somewhere."""
    words = [WORDS[min(int(rng.paretovariate(0.9)) - 1, len(WORDS) - 1)] for _ in range(rng.randint(15, 120))]
    words += [f"x{rng.randrange(RARE_WORDS)}" for _ in range(rng.randint(0, 3))]
    if spam:
        words.append(f"https://shop{rng.randrange(5000)}.example.com/offer")
    return " ".join(words)


def train(count: int) -> None:
    """Learn ``count`` comments, as ``flask spam train`` counts them."""
    from blogapp.extensions import db
    from blogapp.spam.learning import HAM, SPAM, Lessons
    from blogapp.spam.tokens import tokenise

    rng = random.Random(1)
    for start in range(0, count, 10_000):
        lessons = Lessons()
        for _ in range(min(10_000, count - start)):
            spam = rng.random() < 0.2
            lessons.count(tokenise(comment_text(rng, spam), "Reader", "reader@example.org"),
                          SPAM if spam else HAM, lessons.learnt)
        lessons.write()
        db.session.commit()


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def score_many(count: int) -> tuple[list[float], float]:
    """Milliseconds for each of ``count`` scores of new comments (unsaved, as when posted),
    and the CPU milliseconds of this process per score (a busy machine inflates the former more)."""
    from blogapp.extensions import db
    from blogapp.spam.scoring import judge
    from blogapp.storage.models import Comment

    rng = random.Random(2)
    comments = [Comment(body_raw=comment_text(rng, rng.random() < 0.5), author_name="Reader",
                        author_email="reader@example.org", author_url="") for _ in range(count)]
    # Posting scores inside its open transaction: the connection is already there.
    db.session.connection()
    timings, cpu = [], time.process_time()
    for comment in comments:
        started = time.perf_counter()
        judge(comment, 20)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, (time.process_time() - cpu) * 1000 / count


def measure(database_url: str, trained: int = TRAINED) -> str:
    """Train, then time scores on ``database_url``; runs in a process of its own."""
    from blogapp import create_app
    from blogapp.extensions import db
    from blogapp.spam.store import totals

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench-spam-0123456789abcdef",
                      "CANONICAL_URL": "http://127.0.0.1"})
    with app.app_context():
        started = time.perf_counter()
        train(trained)
        learnt = totals()
        rows = db.session.scalar(text("SELECT count(*) FROM spam_tokens"))
        trained_in = time.perf_counter() - started
        score_many(200)  # warm: the statement cache, the database's pages
        before = resident_mb()
        timings, cpu = score_many(PROBES)
        after = resident_mb()
    timings.sort()
    p50, p99 = statistics.median(timings), timings[int(len(timings) * 0.99)]
    load = Path("/proc/loadavg").read_text().split()[0]
    return (f"{learnt.spam + learnt.ham:,} comments learnt ({learnt.spam:,} spam), {rows:,} tokens, in "
            f"{trained_in:.0f} s; one score: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {timings[-1]:.2f} ms, "
            f"{cpu:.2f} ms of this process's CPU (load average {load}); "
            f"resident memory {before:.1f} MB before {PROBES:,} scores, {after:.1f} MB after")


def import_cost() -> str:
    """What importing the filter's modules adds, beyond what a worker loads anyway."""
    import flask as _flask  # noqa: F401  (a worker has these before the filter)
    import sqlalchemy  # noqa: F401

    import blogapp.storage.models  # noqa: F401

    tracemalloc.start()
    before = resident_mb()
    import blogapp.spam.learning  # noqa: F401
    import blogapp.spam.scoring  # noqa: F401

    size, _peak = tracemalloc.get_traced_memory()
    return f"importing blogapp/spam/ adds {size / 1024:.0f} KB of Python objects ({resident_mb() - before:.1f} MB RSS)"


def fresh_database(url: str | None, folder: Path) -> str:
    if url is None:
        url = f"sqlite:///{folder / 'spam.sqlite3'}"
    else:
        with create_engine(url).begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    flask(url, folder, "db", "upgrade")
    return url


def run_in_child(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "bench.spam", *args], cwd=REPOSITORY, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def notes(postgres: str | None = None) -> list[str]:
    """The lines for docs/performance.md, each measured in a process of its own."""
    found = [run_in_child("--import-cost")]
    with tempfile.TemporaryDirectory(prefix="blogapp-bench-spam-") as folder:
        found.append("spam filter, SQLite: " + run_in_child("--measure", fresh_database(None, Path(folder))))
        if postgres:
            found.append("spam filter, PostgreSQL: " + run_in_child("--measure", fresh_database(postgres, Path(folder))))
    return found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.spam", description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="also measure on this PostgreSQL database (emptied!)")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--import-cost", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trained", type=int, default=TRAINED, help="comments the filter learns first")
    options = parser.parse_args(argv)
    if options.import_cost:
        print(import_cost())
    elif options.measure:
        print(measure(options.measure, options.trained))
    else:
        for line in notes(options.postgres):
            print(f"- {line}")


if __name__ == "__main__":
    main()
