"""SQL injection: sqlmap finds nothing, and SQL-looking text is kept exactly as typed.

sqlmap (PyPI) runs in batch mode against a local gunicorn, in a CI-sized
configuration: level 1, risk 1, boolean/error/UNION techniques, a bounded
time per target. It must report no injectable parameter and the server must
never answer 500. The wfuzz SQL word list then goes through the comment form
and must come back, character for character, as the comment's text.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from blogapp.extensions import db
from blogapp.storage.models import Comment, Role

from harness import corpora
from harness.html_checks import parse_fragment
from harness.site import CommentSender, approve_all_pending, sign_in
from helpers.servers import running_servers

SQLMAP = Path(sys.executable).with_name("sqlmap")
NOT_INJECTABLE = "all tested parameters do not appear to be injectable"
FOUND = re.compile(r"identified the following injection point|appears to be .*injectable|is vulnerable", re.I)
SERVER_ERROR = re.compile(r"\b5\d\d \(")


@pytest.fixture
def app_config() -> dict:
    # Every comment on one page, to compare them all at once.
    return {"COMMENT_RATE_LIMIT": "100000 per minute", "COMMENT_THREADS_PER_PAGE": 100000}


@pytest.fixture
def site(make, migrated_database, tmp_path):
    article = make.article(slug="sql-target")
    slug, category = article.slug, article.category.slug
    # Let go of SQLite's write lock (our session began with BEGIN IMMEDIATE).
    db.session.close()
    # sqlmap sends hundreds of requests from one address: lift the per-client limits.
    options = {"COMMENT_RATE_LIMIT": "100000 per minute", "LOGIN_LIMIT_PER_CLIENT": "100000 per minute",
               "LOGIN_LIMIT_PER_USERNAME": "100000 per minute", "COMMENT_MIN_SECONDS": 0, "LOG_LEVEL": "WARNING"}
    with running_servers(1, migrated_database, tmp_path, workers=2, **options) as [server]:
        yield server, slug, category


def sqlmap(target: list[str], tmp_path: Path) -> str:
    dbms = "SQLite" if db.engine.dialect.name == "sqlite" else "PostgreSQL"
    command = [str(SQLMAP), "--batch", "--level=1", "--risk=1", "--technique=BEU", f"--dbms={dbms}",
               f"--output-dir={tmp_path / 'sqlmap'}", "--flush-session", "--disable-coloring",
               # Generous: on a machine busy with another copy of the suite a page can take seconds.
               "--timeout=60", "--retries=3", *target]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    return result.stdout + result.stderr


@pytest.mark.attack
@pytest.mark.skipif(not SQLMAP.exists(), reason="sqlmap is not installed (pip install -e '.[test]')")
def test_sqlmap_finds_no_injectable_parameter(site, tmp_path):
    server, slug, category = site
    comment_fields = "name=Ada&email=ada%40example.org&website=https%3A%2F%2Fexample.org%2F&body=Hello"
    targets = {
        "search": ["-u", f"{server.url}/search?q=privacy&page=1"],
        "pagination": ["-u", f"{server.url}/category/{category}/?page=1"],
        "slug in the path": ["-u", f"{server.url}/articles/{slug}*/"],
        # Both forms are anonymous: no CSRF token, the browser's Origin (none from sqlmap) is what counts.
        "comment form": ["-u", f"{server.url}/articles/{slug}/comments", f"--data={comment_fields}"],
        "sign-in form": ["-u", f"{server.url}/auth/login", "--data=username=mia&password=secret",
                         "--skip=password"],
    }
    for name, target in targets.items():
        started = time.monotonic()
        report = sqlmap(target, tmp_path)
        print(f"sqlmap on the {name}: {time.monotonic() - started:.1f} s")
        assert NOT_INJECTABLE in report, f"{name}:\n{report[-4000:]}"
        assert not FOUND.search(report), f"{name}:\n{report[-4000:]}"
        assert not SERVER_ERROR.search(report.partition("HTTP error codes detected")[2]), f"{name}:\n{report[-3000:]}"
    assert "Traceback" not in server.log()


def test_sql_strings_round_trip_verbatim_as_comment_text(app, client, make):
    strings = corpora.wfuzz_list("SQL")
    article = make.article()
    reader, stored = CommentSender(client, article.slug), []
    for number, text in enumerate(strings):
        response = reader.send({"name": f"Reader {number}", "body": text})
        if text.strip():
            assert response.status_code == 303, (text, response.status_code)
            stored.append(text)
        else:
            assert response.status_code == 400
    make.user("mod", role=Role.MODERATOR)
    moderator = app.test_client()
    sign_in(moderator, "mod")
    approve_all_pending(moderator)
    assert sorted(db.session.scalars(db.select(Comment.body_raw))) == sorted(stored)
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    shown = [node.text(deep=True).strip() for node in parse_fragment(page).css(".comment-body")]
    # Comments are HTML, so a character reference such as &apos; shows as the
    # character it names; everything else shows exactly as typed.
    assert sorted(shown) == sorted(html.unescape(text).strip() for text in stored)
