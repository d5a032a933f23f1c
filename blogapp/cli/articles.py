"""``flask articles import FILE... [--media-dir DIR]``"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from ..imports.images import ImageImport
from ..imports.markdown_files import FileLimits, ImportProblem, parse_article_file, save_article
from ..media.processed import Rules

articles = AppGroup("articles", help="Manage articles.")

MEDIA_DIR_HELP = ("A copy of the old site's images: those the bodies name are brought into the media library. "
                  "Without it, images are removed from the bodies and reported.")


def media_dir_option(command):
    return click.option("--media-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                        help=MEDIA_DIR_HELP)(command)


def report_images(images: ImageImport, ids: dict) -> None:
    """What happened to the bodies' images, each removed one by its file and line."""
    for line in images.removed:
        click.echo(f"warning: {line} (on another site; import with --media-dir to keep it)", err=True)
    if images.removed:
        click.echo(f"Removed {len(images.removed)} image(s) from other sites.")
    if ids:
        click.echo(f"Brought {len(ids)} image(s) into the media library.")


def _fail(problems: list) -> None:
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    raise click.ClickException(f"{len(problems)} problem(s); nothing was imported.")


@articles.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@media_dir_option
def import_articles(files: tuple[Path, ...], media_dir: Path | None) -> None:
    """Import Markdown files with front matter; all of them, or none on error."""
    sources, problems = [], []
    limits = FileLimits.from_config(current_app.config)
    for path in files:
        try:
            sources.append(parse_article_file(path, limits))
        except ImportProblem as problem:
            problems.append(problem)
    slugs = [s.slug for s in sources]
    for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
        problems.append(ImportProblem(Path("(batch)"), 1, f"slug '{slug}' appears in more than one file"))
    images = ImageImport(media_dir, Rules.from_config(current_app.config))
    for source in sources:
        images.check(f"{source.path}:{{line}}", source.body, source.body_line)
    if problems or images.problems:
        _fail(problems + images.problems)
    ids = images.store()
    created = sum(save_article(replace(source, body=images.rewrite(source.body, ids))) for source in sources)
    db.session.commit()
    click.echo(f"Imported {len(sources)} article(s): {created} new, {len(sources) - created} updated.")
    report_images(images, ids)
