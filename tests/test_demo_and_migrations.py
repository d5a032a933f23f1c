"""The demo command, and the schema built only by the migrations."""

from __future__ import annotations

from flask_migrate import check, downgrade, upgrade
from sqlalchemy import func, inspect, select

from blogapp import create_app
from blogapp.extensions import db
from blogapp.models import Article, Category, Comment, CommentStatus
from conftest import TEST_DATABASE_URL, make_test_config


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


def test_migrations_build_the_schema_from_nothing_and_match_the_models(tmp_path, app):
    """On SQLite a fresh file; on PostgreSQL the suite's database, taken down to nothing and back."""
    url = TEST_DATABASE_URL or f"sqlite:///{tmp_path}/empty.sqlite3"
    fresh = create_app(make_test_config(url))
    with fresh.app_context():
        if TEST_DATABASE_URL:
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"articles", "categories", "comments", "users"} <= tables
        check()  # raises when the models and the migrations disagree
        db.engine.dispose()
