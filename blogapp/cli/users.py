"""``flask users ...``: staff accounts."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from ..models import Role, User

users = AppGroup("users", help="Manage staff accounts (admins, editors, moderators).")

ROLE_CHOICE = click.Choice([role.value for role in Role])
MIN_PASSWORD_LENGTH = 10


def read_password(from_stdin: bool) -> str:
    """A new password from stdin or an interactive prompt, checked for length."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    return password


@users.command("create")
@click.argument("username")
@click.option("--role", type=ROLE_CHOICE, default=Role.MODERATOR.value, show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(username: str, role: str, password_stdin: bool) -> None:
    """Create a staff account."""
    if db.session.scalar(select(User).filter_by(username=username)):
        raise click.ClickException(f"a user named '{username}' already exists")
    user = User(username=username, role=Role(role))
    user.set_password(read_password(password_stdin))
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} '{username}'.")
