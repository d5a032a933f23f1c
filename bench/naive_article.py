"""Reference N: an article page the way a first Flask-SQLAlchemy app would render it.

Per request: the article is loaded by slug through the ORM, then its first 50
approved comments, oldest first, in a second SELECT; a Jinja template that
extends a base template writes out the article and those comments, one flat
list. For ``bench-50-comments`` these are the 50 comments blogapp's page shows
(its 38 threads and their 12 replies). No cache, no pagination links, no form.
Issue 7 measured it with 20 comments at about 0.18 of B elsewhere; issue 15
asks blogapp's uncached article to be at least as fast as this. It reads
blogapp's own tables (in BLOGAPP_SQLALCHEMY_DATABASE_URI, the bench's seeded
database), mapping only the columns it shows.

    gunicorn --config gunicorn.conf.py 'bench.naive_article:create_app()'
"""

from __future__ import annotations

import os
from datetime import datetime

from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# As many as blogapp's article page shows of bench-50-comments: all of them.
COMMENTS_SHOWN = 50


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str]
    title: Mapped[str]
    body_html: Mapped[str]
    status: Mapped[str]
    published_at: Mapped[datetime | None]


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    author_name: Mapped[str]
    body_html: Mapped[str]
    status: Mapped[str]
    created_at: Mapped[datetime]


def create_app(database_url: str | None = None) -> Flask:
    app = Flask(__name__, template_folder="reference_templates", static_folder="reference_static",
                static_url_path="/static")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["BLOGAPP_SQLALCHEMY_DATABASE_URI"]
    db.init_app(app)
    app.add_url_rule("/articles/<slug>/", "article", article)
    app.add_url_rule("/healthz", "healthz", lambda: "ok")
    return app


def article(slug: str):
    """A published article and its first approved comments."""
    shown = db.first_or_404(select(Article).where(Article.slug == slug, Article.status == "published"))
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.article_id == shown.id, Comment.status == "approved")
        .order_by(Comment.created_at, Comment.id)
        .limit(COMMENTS_SHOWN)
    ).all()
    return render_template("article.html", article=shown, comments=comments)
