"""``flask import-wordpress EXPORT.xml``"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from ..extensions import db
from ..imports.wordpress_reader import ExportLimits, ExportProblem, read_export
from ..imports.wordpress_saver import import_export


@click.command("import-wordpress")
@click.argument("export_file", type=click.Path(path_type=Path))
def import_wordpress(export_file: Path) -> None:
    """Import posts, categories and comments from a WordPress export (WXR).

    Everything is saved at once or, on any problem, nothing. Running it again
    adds only what is new.
    """
    try:
        export = read_export(export_file, ExportLimits.from_config(current_app.config))
    except ExportProblem as problem:
        raise click.ClickException(f"{problem}; nothing was imported.") from None
    try:
        done = import_export(export)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Read {export_file.name}: {len(export.posts)} post(s), {len(export.categories)} category definition(s).")
    for what, count in sorted(done.items()):
        click.echo(f"  {what}: {count}")
    for what, count in sorted(export.skipped.items()):
        click.echo(f"  skipped {what}: {count}")
