"""``flask commenters export|erase EMAIL`` and ``flask purge``: commenters' data rights, and keeping less."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from ..commenters import records, retention
from ..extensions import db

commenters = AppGroup("commenters", help="Export or erase what the blog keeps about a commenter.")


@commenters.command("export")
@click.argument("email")
def export_commenter(email: str) -> None:
    """Print, as JSON, everything kept for EMAIL (no comments: an empty list)."""
    click.echo(json.dumps(records.export(email), indent=2, ensure_ascii=False))


@commenters.command("erase")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_commenter(email: str, yes: bool) -> None:
    """Erase (ERASE_MODE: anonymise or delete) everything kept for EMAIL."""
    mode = current_app.config["ERASE_MODE"]
    if not records.holds_anything(email, links_too=True):
        click.echo(f"Nothing stored for {records.normalise(email)}: no comments, mail or log entries name it.")
        return
    if not yes:
        click.confirm(f"Erase ({mode}) what is kept for {records.normalise(email)}?", abort=True)
    counts = records.erase(email, mode)
    db.session.commit()
    click.echo(f"Erased ({mode}): " + ", ".join(f"{name} {count}" for name, count in counts.items()) + ".")


@click.command("purge")
def purge() -> None:
    """Remove client hashes and settled comments' email addresses older than CLIENT_HASH_RETENTION_DAYS,
    and confirmation links no longer needed."""
    days = current_app.config["CLIENT_HASH_RETENTION_DAYS"]
    counts = retention.purge(days)
    db.session.commit()
    click.echo(
        f"Older than {days} days: {counts['client_hashes']} client hashes and "
        f"{counts['emails']} email addresses removed; {counts['confirmations']} spent confirmation links and "
        f"{counts['sent_mails']} mails sent that long ago deleted."
    )
