"""Bench databases: a small blog for the page figures, a large one for the scale figures,
and the tiny one of reference C (bench/flaskr_style.py)."""

from __future__ import annotations

import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from blogapp.cli.benchdata import WORDS, paragraph, sentence

REPOSITORY = Path(__file__).resolve().parent.parent


def flask(database_url: str, instance: Path, *args: str) -> str:
    """Run ``flask --app blogapp ARGS`` against ``database_url``; its output."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLOGAPP_")}
    env.update(BLOGAPP_SQLALCHEMY_DATABASE_URI=database_url, BLOGAPP_INSTANCE_PATH=str(instance),
               BLOGAPP_SECRET_KEY="bench-secret-key-0123456789abcdef", BLOGAPP_LOG_LEVEL="WARNING",
               BLOGAPP_CANONICAL_URL="http://127.0.0.1")
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "blogapp", *args], cwd=REPOSITORY, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout


FLASKR_STYLE_SCHEMA = """
CREATE TABLE author (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL);
CREATE TABLE post (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES author (id),
  created TIMESTAMP NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL
);
"""


def flaskr_style_database(path: Path, posts: int = 20) -> None:
    """Reference C's SQLite file: one author and ``posts`` posts of a paragraph
    or two, so that its index page (every post) weighs about as much as B's 12 KB."""
    rng = random.Random(7)
    start = datetime(2026, 1, 1, 9, 0)
    rows = [(start + timedelta(days=n), sentence(rng, 5)[:-1], paragraph(rng, rng.randint(4, 7)))
            for n in range(posts)]
    with sqlite3.connect(path) as connection:
        connection.executescript(FLASKR_STYLE_SCHEMA)
        connection.execute("INSERT INTO author (id, username) VALUES (1, 'bench')")
        connection.executemany("INSERT INTO post (author_id, created, title, body) VALUES (1, ?, ?, ?)",
                               [(created.isoformat(" "), title, body) for created, title, body in rows])
    connection.close()


def fresh_database(url: str) -> None:
    """An empty schema for PostgreSQL URLs (SQLite files start empty)."""
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def seeded(url: str, instance: Path, articles: int, comments: int) -> float:
    """Migrate and seed; returns the seconds ``bench seed`` took."""
    fresh_database(url)
    flask(url, instance, "db", "upgrade")
    started = time.perf_counter()
    flask(url, instance, "bench", "seed", "--articles", str(articles), "--comments", str(comments))
    return time.perf_counter() - started


def deep_cursor(url: str, page: int, per_page: int = 10) -> str:
    """The ``before`` cursor of listing page ``page``: what "Older articles" leads to there."""
    engine = create_engine(url)
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT published_at, id FROM articles WHERE status = 'published' "
            "ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET :skip"), {"skip": (page - 1) * per_page - 1}).one()
    engine.dispose()
    moment = datetime.fromisoformat(row[0]) if isinstance(row[0], str) else row[0]
    return f"{moment.isoformat(timespec='microseconds')}_{row[1]}"


def search_queries() -> list[str]:
    """Words from common to rare (ranks 10 to 4,000 of the seeded vocabulary), and pairs."""
    ranks = [10, 30, 60, 100, 200, 400, 700, 1000, 1500, 2000, 3000, 4000]
    singles = [WORDS[rank] for rank in ranks]
    pairs = [f"{WORDS[a]} {WORDS[b]}" for a, b in [(5, 40), (50, 300), (20, 900), (150, 2500)]]
    return singles + pairs


def slug_in_category(html: str) -> str:
    return re.search(r'href="/category/([^/"]+)/"', html).group(1)
