"""``flask outbox send`` delivers the mail requests wrote; ``list`` shows what waits; ``digest`` writes the moderators' digest."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db
from ..mail.sending import send_due
from ..moderation.digest import send_digest
from ..storage.models import OutboxMail
from .sender_jobs import run_periodic_jobs


@click.group()
def outbox() -> None:
    """The outbox: mail waiting to be sent."""


@outbox.command("send")
@click.option("--watch", is_flag=True, help="Keep sending: look for new mail every OUTBOX_WATCH_SECONDS; "
              "also build the moderators' digest and run the daily purge when they are due.")
@click.option("--passes", type=click.IntRange(min=0), default=0, help="With --watch: stop after this many passes.")
@click.option("--if-configured", is_flag=True, help="Exit quietly, not with an error, when MAIL_SERVER is unset.")
@with_appcontext
def send(watch: bool, passes: int, if_configured: bool) -> None:
    """Send every mail that is due (once, or for as long as --watch runs)."""
    if not current_app.config["MAIL_SERVER"]:
        if if_configured:
            return
        raise click.ClickException("MAIL_SERVER is not set: there is nowhere to send mail.")
    done_passes = 0
    while True:
        if watch:
            for line in run_periodic_jobs():
                click.echo(line)
        done = send_due()
        if done.sent or done.failed or not watch:
            click.echo(f"sent {done.sent}, failed {len(done.failed)}")
        for failure in done.failed:
            click.echo(f"  {failure}", err=True)
        done_passes += 1
        if not watch or done_passes == passes:
            return
        db.session.remove()
        time.sleep(current_app.config["OUTBOX_WATCH_SECONDS"])


@outbox.command("list")
@with_appcontext
def list_mail() -> None:
    """Mail not yet sent: waiting (with its next try) or failed for good, with the last error."""
    most = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    query = select(OutboxMail).where(OutboxMail.sent_at.is_(None)).order_by(OutboxMail.id)
    rows = db.session.scalars(query).all()
    if not rows:
        click.echo("The outbox is empty: every mail has been sent.")
    for mail in rows:
        state = "failed" if mail.attempts >= most else f"waiting, next try {mail.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC"
        error = f": {mail.last_error}" if mail.last_error else ""
        click.echo(f"{mail.id}\t{mail.kind}\tto {mail.recipients}\t{mail.attempts} tries\t{state}{error}")


@outbox.command("digest")
@with_appcontext
def digest() -> None:
    """Write the moderators' digest of held comments to the outbox, if MODERATOR_DIGEST_MINUTES have passed."""
    done = send_digest()
    if done.skipped:
        click.echo(f"No digest: {done.skipped}.")
    else:
        click.echo(f"Digest of {done.comments} held comments written for {done.mails} recipients; "
                   "`flask outbox send` delivers it.")
