"""``flask outbox send`` delivers the mail requests wrote; ``flask outbox list`` shows what waits."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db
from ..mail.sending import send_due
from ..storage.models import OutboxMail


@click.group()
def outbox() -> None:
    """The outbox: mail waiting to be sent."""


@outbox.command("send")
@click.option("--watch", is_flag=True, help="Keep sending: look for new mail every OUTBOX_WATCH_SECONDS.")
@click.option("--if-configured", is_flag=True, help="Exit quietly, not with an error, when MAIL_SERVER is unset.")
@with_appcontext
def send(watch: bool, if_configured: bool) -> None:
    """Send every mail that is due (once, or for as long as --watch runs)."""
    if not current_app.config["MAIL_SERVER"]:
        if if_configured:
            return
        raise click.ClickException("MAIL_SERVER is not set: there is nowhere to send mail.")
    while True:
        done = send_due()
        if done.sent or done.failed or not watch:
            click.echo(f"sent {done.sent}, failed {len(done.failed)}")
        for failure in done.failed:
            click.echo(f"  {failure}", err=True)
        if not watch:
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
