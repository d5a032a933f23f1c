"""Reference C: an index page built the way Flask's tutorial blog (flaskr) builds its own.

Per request: the reader's session is read for a signed-in user (flaskr does
this before every request), a plain ``sqlite3`` connection is opened, one
SELECT reads every post with its author's name, and a Jinja template that
extends a base template writes them all out (autoescaped). No cache, no ORM.
Issue 7 measured this page at about 0.28 of B elsewhere; the bench measures it
beside B here. Its database comes from ``bench.data.flaskr_style_database``;
the file is named by BLOGAPP_SQLALCHEMY_DATABASE_URI (``sqlite:///PATH``),
as the bench's servers are configured.

    gunicorn --config gunicorn.conf.py 'bench.flaskr_style:create_app()'
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from datetime import datetime

from flask import Flask, current_app, g, render_template, session

LATEST_POSTS = """
SELECT post.id, post.title, post.body, post.created, author.username
FROM post JOIN author ON author.id = post.author_id
ORDER BY post.created DESC
"""

# The column is declared TIMESTAMP: rows come back with datetimes, as in flaskr.
sqlite3.register_converter("timestamp", lambda value: datetime.fromisoformat(value.decode()))


def create_app(database_url: str | None = None) -> Flask:
    app = Flask(__name__, template_folder="reference_templates", static_folder="reference_static",
                static_url_path="/static")
    url = database_url or os.environ["BLOGAPP_SQLALCHEMY_DATABASE_URI"]
    # A key, so the session is read (and its serializer built) as in flaskr; nothing is ever signed.
    app.config.update(DATABASE=url.removeprefix("sqlite:///"),
                      SECRET_KEY=os.environ.get("BLOGAPP_SECRET_KEY") or secrets.token_hex(16))
    app.before_request(load_signed_in_author)
    app.teardown_appcontext(close_db)
    app.add_url_rule("/", "index", index)
    app.add_url_rule("/healthz", "healthz", lambda: "ok")
    return app


def get_db() -> sqlite3.Connection:
    """This request's connection, opened on first use."""
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"], detect_types=sqlite3.PARSE_DECLTYPES)
        g.db.row_factory = sqlite3.Row
    return g.db


def close_db(error=None) -> None:
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


def load_signed_in_author() -> None:
    """g.user from the session; bench readers are never signed in, but the check is paid."""
    author_id = session.get("author_id")
    g.user = None if author_id is None else get_db().execute(
        "SELECT id, username FROM author WHERE id = ?", (author_id,)).fetchone()


def index():
    """Every post, newest first."""
    posts = get_db().execute(LATEST_POSTS).fetchall()
    return render_template("index.html", posts=posts)
