"""The two engines behind one small interface: store, forget, narrow.

SQLite keeps an FTS5 table whose rowid is the article's id; PostgreSQL keeps a
weighted ``tsvector`` per article with a GIN index. Both tables are made by the
migrations and live outside the models, like any index. Text arrives already
prepared by :mod:`blogapp.search.text`.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Connection, Select, bindparam, cast, column, func, literal_column, select, table, text
from sqlalchemy.sql.expression import TableClause

from .models import Article

TABLE = "article_search"


class SqliteSearch:
    """FTS5 with the Porter stemmer over Unicode words."""

    _rows = table(TABLE, column("rowid"))
    _match = literal_column(TABLE)

    def store(self, connection: Connection, article_id: int, title: str, summary: str, body: str) -> None:
        self.store_many(connection, [{"id": article_id, "title": title, "summary": summary, "body": body}])

    def store_many(self, connection: Connection, rows: list[dict]) -> None:
        """Index articles given as dicts of id, title, summary and body, in one go."""
        connection.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :id"), [{"id": r["id"]} for r in rows])
        connection.execute(
            text(f"INSERT INTO {TABLE} (rowid, title, summary, body) VALUES (:id, :title, :summary, :body)"), rows
        )

    def forget(self, connection: Connection, article_id: int) -> None:
        connection.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :id"), {"id": article_id})

    def narrow(self, query: Select, phrases: list[str]) -> Select:
        # Each phrase quoted: FTS5 reads it as words in a row, never as syntax.
        expression = " ".join('"' + p.replace('"', '""') + '"' for p in phrases)
        # The matches first (materialized), then their articles by id: without
        # ANALYZE statistics SQLite would otherwise probe the index per article.
        found = (
            select(self._rows.c.rowid.label("id"), func.bm25(self._match, 10.0, 4.0, 1.0).label("score"))
            .where(self._match.op("MATCH")(bindparam("search_match", expression)))
            .cte("search_found")
            .prefix_with("MATERIALIZED")
        )
        return (
            query.join(found, found.c.id == Article.id)
            # bm25 is lower for better matches; a title match weighs most.
            .order_by(None)
            .order_by(found.c.score, Article.published_at.desc())
        )


class PostgresSearch:
    """A weighted tsvector: title A, summary B, body C."""

    def __init__(self, language: str):
        self.language = language

    def store(self, connection: Connection, article_id: int, title: str, summary: str, body: str) -> None:
        self.store_many(connection, [{"id": article_id, "title": title, "summary": summary, "body": body}])

    def store_many(self, connection: Connection, rows: list[dict]) -> None:
        """Index articles given as dicts of id, title, summary and body, in one go."""
        connection.execute(
            text(
                f"INSERT INTO {TABLE} (article_id, document) VALUES (:id,"
                " setweight(to_tsvector(CAST(:language AS regconfig), :title), 'A')"
                " || setweight(to_tsvector(CAST(:language AS regconfig), :summary), 'B')"
                " || setweight(to_tsvector(CAST(:language AS regconfig), :body), 'C'))"
                " ON CONFLICT (article_id) DO UPDATE SET document = excluded.document"
            ),
            [{**row, "language": self.language} for row in rows],
        )

    def forget(self, connection: Connection, article_id: int) -> None:
        connection.execute(text(f"DELETE FROM {TABLE} WHERE article_id = :id"), {"id": article_id})

    def narrow(self, query: Select, phrases: list[str]) -> Select:
        from sqlalchemy.dialects.postgresql import REGCONFIG

        language = cast(self.language, REGCONFIG)
        tsquery = func.phraseto_tsquery(language, phrases[0])
        for phrase in phrases[1:]:
            tsquery = tsquery.op("&&")(func.phraseto_tsquery(language, phrase))
        rows = _postgres_rows()
        document = rows.c.document
        return (
            query.join(rows, rows.c.article_id == Article.id)
            .where(document.op("@@")(tsquery))
            .order_by(None)
            .order_by(func.ts_rank(document, tsquery).desc(), Article.published_at.desc())
        )


@cache
def _postgres_rows() -> TableClause:
    """The index table with its PostgreSQL type: SQLite sites never load that dialect."""
    from sqlalchemy.dialects.postgresql import TSVECTOR

    return table(TABLE, column("article_id"), column("document", TSVECTOR))
