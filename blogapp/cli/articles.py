"""``flask articles import FILE...``"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from ..imports.markdown_files import FileLimits, ImportProblem, parse_article_file, save_article

articles = AppGroup("articles", help="Manage articles.")


@articles.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_articles(files: tuple[Path, ...]) -> None:
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
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"{len(problems)} problem(s); nothing was imported.")
    created = sum(save_article(source) for source in sources)
    db.session.commit()
    click.echo(f"Imported {len(sources)} article(s): {created} new, {len(sources) - created} updated.")
