"""The bench's reference apps C and N serve, under gunicorn, the pages the bench measures."""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy import select

from bench.data import flaskr_style_database
from bench.run import REFERENCE_C, REFERENCE_N
from blogapp.extensions import db
from blogapp.storage.models import Article, Comment

from helpers.servers import Browser, start_server, stop_server


def served_page(database_url: str, tmp_path, reference: tuple) -> str:
    """Start the reference app as the bench does (one worker here), fetch its page, stop it."""
    _, app_module, path = reference
    server = start_server(database_url, tmp_path, workers=1, app_module=app_module)
    try:
        page = Browser().get(server.url + path)
    finally:
        stop_server(server)
    assert page.status == 200, page.text
    return page.text


def test_c_lists_every_post_newest_first(tmp_path):
    database = tmp_path / "flaskr-style.sqlite3"
    flaskr_style_database(database, posts=12)
    with sqlite3.connect(database) as connection:
        titles = [row[0] for row in connection.execute("SELECT title FROM post ORDER BY created DESC")]
    connection.close()
    html = served_page(f"sqlite:///{database}", tmp_path, REFERENCE_C)
    shown = re.findall(r'<article class="post">\s*<header>\s*<h1>([^<]+)</h1>', html)
    assert shown == titles and len(titles) == 12
    assert "by bench on 2026-01-12" in html


def test_n_shows_the_bench_article_and_the_50_comments_blogapp_shows(migrated_database, runner, tmp_path):
    result = runner.invoke(args=["bench", "seed", "--articles", "1", "--comments", "50"])
    assert result.exit_code == 0, result.output
    title = db.session.scalar(select(Article.title).filter_by(slug="bench-50-comments"))
    # End this process's transaction, so the server reads what the seed wrote.
    db.session.remove()
    html = served_page(migrated_database, tmp_path, REFERENCE_N)
    assert f"<h1>{title}</h1>" in html
    shown = re.findall(r'<article class="comment" id="comment-(\d+)"', html)
    # The same comments as blogapp's page of the article: every approved one, threads and replies.
    approved = db.session.scalars(
        select(Comment.id).join(Article).filter(Article.slug == "bench-50-comments", Comment.status == "approved")
        .order_by(Comment.created_at, Comment.id)).all()
    assert [int(c) for c in shown] == approved and len(approved) == 50
