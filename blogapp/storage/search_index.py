"""Keeping the index in step with the articles, and asking it.

The index follows the ORM: every insert, update or delete of an ``Article``,
whichever code path makes it (the desk, ``articles import``, the WordPress
import, the demo), updates the index in the same transaction. Drafts and
scheduled articles are indexed too; the query shows only what is published
now, so a scheduled article appears in search when its time comes.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import Connection, Engine, Select, event, text

from ..extensions import db
from ..text.search_words import plain_text, query_terms, spaced, term_phrase
from .models import Article
from .search_engines import PostgresSearch, SqliteSearch


def engine_for(connection: Connection | Engine) -> SqliteSearch | PostgresSearch:
    """The search engine of the database behind ``connection``."""
    if connection.dialect.name == "postgresql":
        return PostgresSearch(current_app.config["SEARCH_LANGUAGE"])
    return SqliteSearch()


def store_article(connection: Connection, article_id: int, title: str, summary: str, body_html: str) -> None:
    """Put one article's words into the index, replacing what was there."""
    engine_for(connection).store(
        connection, article_id, spaced(title), spaced(summary), spaced(plain_text(body_html))
    )


def rebuild(connection: Connection) -> int:
    """Index every article again, e.g. after the search language changed."""
    rows = connection.execute(text("SELECT id, title, summary, body_html FROM articles")).all()
    for row in rows:
        store_article(connection, row.id, row.title, row.summary, row.body_html)
    return len(rows)


def _on_save(_mapper, connection: Connection, article: Article) -> None:
    store_article(connection, article.id, article.title, article.summary or "", article.body_html or "")


def _on_delete(_mapper, connection: Connection, article: Article) -> None:
    engine_for(connection).forget(connection, article.id)


def watch_articles() -> None:
    """Follow article saves from now on (idempotent; ``create_app`` calls it)."""
    for name, listener in (("after_insert", _on_save), ("after_update", _on_save), ("after_delete", _on_delete)):
        if not event.contains(Article, name, listener):
            event.listen(Article, name, listener)


def search_published(query: str) -> tuple[Select | None, list[str]]:
    """Published articles matching ``query``, best first, and the terms used.

    Returns ``(None, [])`` when the query has no words to look for.
    """
    terms = query_terms(query, current_app.config["SEARCH_QUERY_MAX_LENGTH"])
    if not terms:
        return None, []
    engine = engine_for(db.engine)
    return engine.narrow(Article.published(), [term_phrase(t) for t in terms]), terms
