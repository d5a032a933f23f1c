"""SQLite as the default database: pragmas, and writers in several processes."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from sqlalchemy import func, select, text

from blogapp import create_app
from blogapp.extensions import db
from blogapp.storage.models import Comment

from conftest import make_test_config

pytestmark = pytest.mark.skipif(
    not (os.environ.get("BLOGAPP_TEST_DATABASE_URL") or "sqlite").startswith("sqlite"),
    reason="SQLite tuning is tested only when the suite runs on SQLite",
)


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(app):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def _post_comments(database_url: str, article_id: int, count: int, failures) -> None:
    """One worker process: read the article, then insert, as a comment POST does."""
    app = create_app(make_test_config(database_url))
    with app.app_context():
        for n in range(count):
            # A POST request context makes the transaction start with BEGIN IMMEDIATE.
            with app.test_request_context("/", method="POST"):
                try:
                    db.session.execute(select(func.count(Comment.id)).where(Comment.article_id == article_id))
                    db.session.add(
                        Comment(article_id=article_id, author_name="w", body_raw="x", body_html="<p>x</p>")
                    )
                    db.session.commit()
                except Exception as error:  # noqa: BLE001  (counted, then reported)
                    db.session.rollback()
                    failures.put(repr(error))
                finally:
                    db.session.remove()


def test_eight_processes_reading_then_writing_never_hit_database_is_locked(app, make):
    article_id = make.article().id
    # Outside a request our session also writes, so it holds the write lock: release it.
    db.session.close()
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    context = multiprocessing.get_context("spawn")
    failures = context.Queue()
    workers = [
        context.Process(target=_post_comments, args=(database_url, article_id, 40, failures)) for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    errors = []
    while not failures.empty():
        errors.append(failures.get())
    assert errors == []
    assert db.session.scalar(select(func.count(Comment.id))) == 8 * 40
