"""The demo command, and the schema built only by the migrations."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from flask_migrate import check, downgrade, upgrade
from sqlalchemy import func, inspect, select, text

from blogapp import create_app
from blogapp.extensions import db
from blogapp.storage.models import Article, Category, Comment, CommentStatus

from conftest import TEST_DATABASE_URL, make_test_config
from helpers.forms import HIDDEN_FIELD


def test_demo_content_loads_once_and_the_pages_show_it(runner, client):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and "Loaded 6 demo articles" in first.output
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "already loaded" in again.output
    assert db.session.scalar(select(func.count(Article.id))) == 6
    assert db.session.scalar(select(Category.name).filter_by(slug="news-and-updates")) == "News and Updates"
    assert db.session.scalar(select(func.count(Comment.id)).filter_by(status=CommentStatus.APPROVED)) >= 3
    assert "WhatsApp refused to Hand over Data" in client.get("/").get_data(as_text=True)
    assert client.get("/category/news-and-updates/").status_code == 200
    article = client.get("/articles/whatsapp-refused-to-hand-over-data-to-authorities-of-hong-kong/")
    assert "comments</h2>" in article.get_data(as_text=True)


@contextmanager
def app_on_an_empty_database(tmp_path):
    """On SQLite a fresh file; on PostgreSQL the suite's database, taken down to nothing."""
    url = TEST_DATABASE_URL or f"sqlite:///{tmp_path}/empty.sqlite3"
    fresh = create_app(make_test_config(url))
    with fresh.app_context():
        if TEST_DATABASE_URL:
            downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        yield fresh
        db.session.remove()
        db.engine.dispose()


def test_migrations_build_the_schema_from_nothing_and_match_the_models(tmp_path, app):
    with app_on_an_empty_database(tmp_path):
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"articles", "categories", "comments", "users"} <= tables
        check()  # raises when the models and the migrations disagree


def test_comments_stored_before_migrations_0006_and_0007_are_counted_and_found_as_duplicates(tmp_path, app):
    """Those migrations fill in the fingerprint of every comment already stored, and every article's counts."""
    with app_on_an_empty_database(tmp_path) as older:
        upgrade(revision="0005")
        with db.engine.begin() as connection:
            store_rows_as_of_0005(connection)
        upgrade()
        reader = older.test_client()
        page = reader.get("/articles/kept/").get_data(as_text=True)
        assert '<h2 id="comments-heading">1 comment</h2>' in page
        form = {"name": "Reader", "email": "reader@example.org", **dict(HIDDEN_FIELD.findall(page))}
        again = reader.post("/articles/kept/comments", data={**form, "body": "Written before the upgrade."})
        assert again.status_code == 409
        assert "You have already posted this comment here" in again.get_data(as_text=True)
        fresh = reader.post("/articles/kept/comments", data={**form, "body": "Written after it."})
        assert fresh.status_code == 303


def store_rows_as_of_0005(connection) -> None:
    """A category, a published article and an approved comment, in the columns revision 0005 has."""
    day = datetime(2026, 11, 1, 9, 0)
    category_id = connection.execute(text(
        "INSERT INTO categories (name, slug, description) VALUES ('News', 'news', '') RETURNING id"
    )).scalar()
    article_id = connection.execute(text(
        "INSERT INTO articles (title, slug, summary, body_markdown, body_html, status, published_at,"
        " created_at, updated_at, comments_open, category_id)"
        " VALUES ('Kept', 'kept', '', 'Text.', '<p>Text.</p>', 'published', :day, :day, :day, :yes, :category)"
        " RETURNING id"
    ), {"day": day, "yes": True, "category": category_id}).scalar()
    connection.execute(text(
        "INSERT INTO comments (article_id, author_name, author_email, author_url, body_raw, body_html,"
        " status, client_hash, created_at) VALUES (:article, 'Ana', 'ana@example.org', '',"
        " 'Written before the upgrade.', '<p>Written before the upgrade.</p>', 'approved', '', :day)"
    ), {"article": article_id, "day": day})
