"""``flask import-wordpress EXPORT.xml [--media-dir DIR]``"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from ..extensions import db
from ..imports.images import ImageImport
from ..imports.wordpress_reader import ExportLimits, ExportProblem, read_export
from ..imports.wordpress_saver import import_export
from ..media.processed import Rules
from .articles import media_dir_option, report_images


@click.command("import-wordpress")
@click.argument("export_file", type=click.Path(path_type=Path))
@media_dir_option
def import_wordpress(export_file: Path, media_dir: Path | None) -> None:
    """Import posts, categories and comments from a WordPress export (WXR).

    Everything is saved at once or, on any problem, nothing. Running it again
    adds only what is new. With --media-dir (a copy of wp-content/uploads),
    the posts' images come into the media library.
    """
    try:
        export = read_export(export_file, ExportLimits.from_config(current_app.config))
    except ExportProblem as problem:
        raise click.ClickException(f"{problem}; nothing was imported.") from None
    images = ImageImport(media_dir, Rules.from_config(current_app.config))
    for post in export.posts:
        images.check(f"{export_file.name}: “{post.title}”, line {{line}} of its content", post.content)
    if images.problems:
        for problem in images.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"{len(images.problems)} problem(s); nothing was imported.")
    try:
        ids = images.store()
        for post in export.posts:
            post.content = images.rewrite(post.content, ids)
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
    report_images(images, ids)
