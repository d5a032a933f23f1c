"""flask backup: a consistent SQLite copy while gunicorn serves and readers post; then a restore."""

from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest
from flask_migrate import upgrade

from blogapp import create_app
from blogapp.extensions import db

from conftest import make_test_config
from helpers.factories import Factory
from helpers.servers import Browser, running_servers

COMMENT = {"name": "Ada", "email": "ada@example.org"}


def count_comments(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM comments").fetchone()[0]


@pytest.fixture
def site(tmp_path):
    """A migrated SQLite site with one article and one approved comment, and its app."""
    database = tmp_path / "site.sqlite3"
    app = create_app(make_test_config(f"sqlite:///{database}"))
    with app.app_context():
        upgrade()
        article = Factory().article(title="Backed-up article", slug="backed-up")
        Factory().comment(article, body="Approved before the backup.")
        db.session.remove()
        db.engine.dispose()
    return app, database


class Commenter(threading.Thread):
    """A reader posting comments as fast as the server takes them, until told to stop."""

    def __init__(self, server_url: str, limit: int = 200):
        super().__init__(daemon=True)
        self.article_url = f"{server_url}/articles/backed-up/"
        self.limit, self.accepted, self.failure = limit, 0, ""
        self.stop, self.some_posted = threading.Event(), threading.Event()

    def run(self):
        browser = Browser()
        while not self.stop.is_set() and self.accepted < self.limit:
            page = browser.post_form(self.article_url, self.article_url + "comments",
                                     {**COMMENT, "body": f"Comment {self.accepted}"})
            if page.status != 200 or "awaiting moderation" not in page.text:
                self.failure = f"{page.status}: {page.text[:500]}"
                break
            self.accepted += 1
            if self.accepted >= 5:
                self.some_posted.set()


def test_backup_while_serving_then_restore(site, tmp_path):
    app, database = site
    backup = tmp_path / "backups" / "site-copy.sqlite3"
    backup.parent.mkdir()
    # Counted per address, and every post here comes from 127.0.0.1.
    options = {"COMMENT_RATE_LIMIT": "1000 per minute"}
    with running_servers(1, f"sqlite:///{database}", tmp_path, **options) as [server]:
        commenter = Commenter(server.url)
        commenter.start()
        assert commenter.some_posted.wait(30), server.log()
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["backup", str(backup)])
        posted_before_backup_ended = commenter.accepted
        commenter.stop.set()
        commenter.join(30)
    assert not commenter.failure
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    # The copy holds every comment accepted before it started, and is one consistent file.
    # At most one more: the commenter posts one at a time, and the one in flight
    # when the backup ended may be stored before its answer is counted.
    in_backup = count_comments(backup)
    assert 1 + 5 <= in_backup <= 1 + posted_before_backup_ended + 1
    assert count_comments(database) == 1 + commenter.accepted
    assert not backup.with_name(backup.name + "-wal").exists()

    # Restore as docs/operations.md says: stop, replace the file, drop -wal/-shm, start.
    for leftover in (database.with_name(database.name + suffix) for suffix in ("-wal", "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(backup, database)
    with running_servers(1, f"sqlite:///{database}", tmp_path) as [server]:
        page = Browser().get(server.url + "/articles/backed-up/")
        assert page.status == 200
        assert "Backed-up article" in page.text and "Approved before the backup." in page.text
    assert count_comments(database) == in_backup


def test_backup_refuses_to_overwrite(site, tmp_path):
    app, _ = site
    existing = tmp_path / "existing.sqlite3"
    existing.write_text("keep me")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert existing.read_text() == "keep me"


def test_backup_into_a_folder_names_the_file_by_time(site, tmp_path):
    app, _ = site
    folder = tmp_path / "nightly"
    folder.mkdir()
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup", str(folder)])
    assert result.exit_code == 0, result.output
    [copy] = folder.glob("blogapp-*.sqlite3")
    assert count_comments(copy) == 1


def test_postgresql_sites_are_told_to_use_pg_dump():
    app = create_app(make_test_config("postgresql+psycopg://blogapp:hunter2@db.internal:5432/blogapp"))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup", "/tmp"])
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output
    assert "'postgresql://blogapp:***@db.internal:5432/blogapp'" in result.output
    assert "hunter2" not in result.output
