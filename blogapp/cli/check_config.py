"""``flask check-config``: is this deployment ready to serve?"""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from ..storage.migrations import MIGRATIONS_DIR
from .checks import run_checks
from .mail_checks import check_moderator_mail
from .media_checks import check_media
from .metrics_checks import check_metrics
from .moderation_checks import check_reader_reports


@click.command("check-config")
@with_appcontext
def check_config() -> None:
    """Check the secret key, database, canonical URL, Redis and mail; exit 1 on problems."""
    findings = run_checks(current_app, MIGRATIONS_DIR)
    findings += [finding for finding in (check_moderator_mail(current_app), check_metrics(current_app))
                 if finding is not None]
    findings.append(check_media(current_app))
    findings.append(check_reader_reports(current_app))
    for finding in findings:
        click.echo(f"{'ok' if finding.ok else 'PROBLEM':8} {finding.topic}: {finding.detail}")
        if finding.fix:
            click.echo(f"{'':8} fix: {finding.fix}")
    problems = sum(not finding.ok for finding in findings)
    if problems:
        click.echo(f"\n{problems} problem{'s' if problems > 1 else ''} to fix before serving.")
        sys.exit(1)
    click.echo("\nThe configuration looks ready to serve.")
