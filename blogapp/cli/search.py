"""``flask search rebuild``"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db
from ..storage.search_index import rebuild

search = AppGroup("search", help="Manage the full-text search index.")


@search.command("rebuild")
def rebuild_index() -> None:
    """Index every article again (after changing SEARCH_LANGUAGE, say)."""
    count = rebuild(db.session.connection())
    db.session.commit()
    click.echo(f"Indexed {count} article(s).")
