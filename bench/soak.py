"""A long soak, not part of CI: readers post and read, and the server is killed now and then.

    make soak SOAK_ARGS="--minutes 30"
    .venv/bin/python bench/soak.py --minutes 30 --crash-every 120 \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/soak

gunicorn (4 workers, the shipped config) serves a fresh database; rounds of
concurrent readers post comments, each from its own forwarded address, and
read the article; every ``--crash-every`` seconds the master and its workers
get SIGKILL and the server is started again. At the end every comment that
got a 303 must be stored, SQLite must pass ``integrity_check``, and no
request may have had a 5xx. Exits 1 when anything was lost or broken.
Traffic goes to 127.0.0.1 only, and every loop is bounded by the deadline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from blogapp import create_app  # noqa: E402
from blogapp.extensions import db  # noqa: E402
from blogapp.storage.models import Comment  # noqa: E402

from conftest import Factory, make_test_config  # noqa: E402
from harness.load import Reader, Tally, kill_hard, post_comments  # noqa: E402
from helpers.servers import start_server, stop_server  # noqa: E402

# Addresses repeat from round to round: the soak is not about rate limits.
CONFIG = {"TRUSTED_PROXIES": 1, "COMMENT_MIN_SECONDS": 0, "COMMENT_RATE_LIMIT": "1000000 per minute",
          "LOG_LEVEL": "WARNING"}


def prepare(database_url: str) -> str:
    """Migrate the database and add an article; returns its slug."""
    app = create_app(make_test_config(database_url))
    with app.app_context():
        upgrade()
        slug = Factory().article(title="Soak", slug=f"soak-{int(time.time())}").slug
        db.session.close()
        db.engine.dispose()
    return slug


def one_round(server, slug: str, readers: int, tally: Tally, number: int, crash: bool):
    """Readers post a round of comments; with ``crash``, the server is killed in the middle."""
    stop = threading.Event()
    load = threading.Thread(target=post_comments, daemon=True, kwargs=dict(
        base_url=server.url, slug=slug, readers=readers, per_reader=25, tally=tally,
        deadline=time.monotonic() + 60, stop=stop, label=f"round {number}, "))
    before = tally.statuses[303]
    load.start()
    if crash:
        while load.is_alive() and tally.statuses[303] < before + readers * 10:
            time.sleep(0.01)
        kill_hard(server)
        stop.set()
    load.join(90)


def soak(database_url: str, workdir: Path, minutes: float, crash_every: float, readers: int) -> Tally:
    slug, tally = prepare(database_url), Tally()
    deadline = time.monotonic() + minutes * 60
    server = start_server(database_url, workdir, workers=4, **CONFIG)
    next_crash, number = time.monotonic() + crash_every, 0
    try:
        while time.monotonic() < deadline:
            number += 1
            crash = bool(crash_every) and time.monotonic() >= next_crash
            one_round(server, slug, readers, tally, number, crash)
            if crash:
                server = start_server(database_url, workdir, workers=4, **CONFIG)
                next_crash = time.monotonic() + crash_every
                print(f"killed mid-round and restarted; {tally.statuses[303]} comments acknowledged", flush=True)
            tally.add(Reader(server.url).request("GET", f"/articles/{slug}/")[0])
    finally:
        stop_server(server)
    return tally


def verdict(database_url: str, tally: Tally) -> list[str]:
    """What went wrong, if anything."""
    app = create_app(make_test_config(database_url))
    problems = [f"{count} answers with status {status}" for status, count in tally.statuses.items()
                if status >= 500]
    with app.app_context():
        stored = set(db.session.scalars(select(Comment.body_raw)))
        lost = [body for body in tally.accepted if body not in stored]
        if lost:
            problems.append(f"{len(lost)} acknowledged comments are missing, e.g. {lost[0]!r}")
        if db.engine.dialect.name == "sqlite":
            check = db.session.execute(text("PRAGMA integrity_check")).scalar()
            if check != "ok":
                problems.append(f"integrity_check: {check}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--crash-every", type=float, default=120, help="seconds between kill -9 (0: never)")
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="blogapp-soak-") as workdir:
        database_url = args.database or f"sqlite:///{workdir}/soak.sqlite3"
        started = time.monotonic()
        tally = soak(database_url, Path(workdir), args.minutes, args.crash_every, args.readers)
        elapsed = time.monotonic() - started
        problems = verdict(database_url, tally)
    print(f"{sum(tally.statuses.values())} requests in {elapsed:.0f} s: {dict(tally.statuses)}")
    for problem in problems:
        print("PROBLEM:", problem)
    print("nothing lost, nothing broken" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
