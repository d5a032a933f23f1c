"""``flask backup DEST``: a consistent copy of the database while the site serves."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL

from ..extensions import db


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@with_appcontext
def backup(dest: Path) -> None:
    """Copy the SQLite database to DEST (a new file, or a folder to put it in)."""
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        raise click.ClickException(pg_dump_advice(url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise click.ClickException(f"cannot back up {url.render_as_string(hide_password=True)}: not a SQLite file")
    source = Path(url.database)
    if dest.is_dir():
        dest = dest / f"blogapp-{datetime.now(UTC):%Y%m%d-%H%M%S}.sqlite3"
    if dest.exists():
        raise click.ClickException(f"{dest} already exists; choose a new name or remove it first")
    backup_sqlite(source, dest, current_app.config["SQLITE_BUSY_TIMEOUT"])
    click.echo(f"Backed up {source} to {dest} ({dest.stat().st_size // 1024} KiB, integrity ok).")


def backup_sqlite(source: Path, dest: Path, busy_timeout: float) -> None:
    """SQLite's online backup: one read transaction, so writers carry on and the copy is consistent.

    :raise click.ClickException: when the copy fails its integrity check.
    """
    if not source.is_file():
        raise click.ClickException(f"there is no database at {source}")
    partial = dest.with_name(dest.name + ".partial")
    src = sqlite3.connect(source, timeout=busy_timeout)
    copy = sqlite3.connect(partial)
    try:
        src.backup(copy)  # all pages in one step
        # A single self-contained file: no -wal or -shm needed beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        src.close()
        copy.close()
    if result != "ok":
        partial.unlink()
        raise click.ClickException(f"the copy failed its integrity check: {result}")
    os.replace(partial, dest)


def pg_dump_advice(url: URL) -> str:
    """What to run instead: PostgreSQL has its own consistent online backup."""
    libpq_url = url.set(drivername="postgresql").render_as_string(hide_password=True)
    return (
        "this site uses PostgreSQL; back it up with pg_dump, which takes a consistent "
        "snapshot while the site serves (give the password through ~/.pgpass or PGPASSWORD):\n"
        f"  pg_dump --format=custom --file=DEST/blogapp-$(date +%Y%m%d-%H%M%S).dump '{libpq_url}'\n"
        "See docs/operations.md for restoring with pg_restore."
    )
