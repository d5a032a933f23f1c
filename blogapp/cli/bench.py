"""``flask bench seed``: a large blog to measure against (see bench/ and docs/performance.md)."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..extensions import db
from ..pagecache.store import content_changed
from ..storage.models import Article
from .benchdata import Plan, seed

bench = AppGroup("bench", help="Data for measuring blogapp's speed.")


@bench.command("seed")
@click.option("--articles", default=100_000, show_default=True, help="Articles to create.")
@click.option("--comments", default=1_000_000, show_default=True, help="Comments to create, in all.")
def seed_command(articles: int, comments: int) -> None:
    """Fill an empty database with generated articles and comments, fast."""
    if db.session.scalar(select(func.count(Article.id))):
        raise click.ClickException("The database already has articles: seed an empty one (after `db upgrade`).")
    started = time.perf_counter()
    click.echo(f"Seeding {articles:,} articles and {comments:,} comments ...")
    seed(db.session.connection(), Plan(articles, comments), report=click.echo)
    db.session.commit()
    content_changed()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    click.echo(f"Done in {time.perf_counter() - started:.0f} s.")
