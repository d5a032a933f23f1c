"""``flask users ...``: staff accounts."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..auth.sessions import end_all_sessions
from ..extensions import db
from ..storage.models import Role, StaffSession, User
from ..text.plaintext import has_line_break

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
@click.option("--email", default="", help="Where this moderator gets mail about held comments, with one-time links.")
def create_user(username: str, role: str, password_stdin: bool, email: str) -> None:
    """Create a staff account."""
    if has_line_break(username):
        raise click.ClickException("a username must be on one line")
    if db.session.scalar(select(User).filter_by(username=username)):
        raise click.ClickException(f"a user named '{username}' already exists")
    user = User(username=username, role=Role(role), email=_checked_email(email))
    user.set_password(read_password(password_stdin))
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} '{username}'.")


def _checked_email(email: str) -> str:
    """``email`` normalised, or "" for none; :raise click.ClickException: when it is no address."""
    from email_validator import EmailNotValidError, validate_email

    if not email.strip():
        return ""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise click.ClickException(f"'{email}' is not an email address: {error}") from None


@users.command("set-email")
@click.argument("username")
@click.argument("email")
def set_email(username: str, email: str) -> None:
    """Give a staff account the address its moderator mail goes to ("" for none)."""
    user = _get_user(username)
    user.email = _checked_email(email)
    db.session.commit()
    click.echo(f"'{username}' gets moderator mail at {user.email}." if user.email
               else f"'{username}' gets no moderator mail.")


def _get_user(username: str) -> User:
    user = db.session.scalar(select(User).filter_by(username=username))
    if user is None:
        raise click.ClickException(f"there is no user named '{username}'")
    return user


def _other_admins(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.id != user.id)
    )


@users.command("list")
def list_users() -> None:
    """List staff accounts with their roles."""
    accounts = db.session.scalars(select(User).order_by(User.username)).all()
    if not accounts:
        click.echo("No staff accounts yet; add one with `flask users create NAME`.")
    for user in accounts:
        email = f"\t{user.email}" if user.email else ""
        click.echo(f"{user.username}\t{user.role.value}\tcreated {user.created_at:%Y-%m-%d}{email}")


@users.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password(username: str, password_stdin: bool) -> None:
    """Give a staff account a new password."""
    user = _get_user(username)
    ended = _live_sessions(user)
    user.set_password(read_password(password_stdin))
    db.session.commit()  # The new password ends every session (models.StaffSession).
    click.echo(f"Changed the password of '{username}'{_ended(ended)}.")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE_CHOICE)
def set_role(username: str, role: str) -> None:
    """Change what a staff account may do."""
    user = _get_user(username)
    if user.role == Role.ADMIN and role != Role.ADMIN and not _other_admins(user):
        raise click.ClickException(f"'{username}' is the last admin; make another admin first")
    ended = _live_sessions(user) if user.role != Role(role) else 0
    user.role = Role(role)
    db.session.commit()  # A new role ends every session: it is taken up at the next sign-in.
    click.echo(f"'{username}' is now {role}{_ended(ended)}.")


@users.command("delete")
@click.argument("username")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_user(username: str, yes: bool) -> None:
    """Delete a staff account; their articles, comments and log entries stay."""
    user = _get_user(username)
    if user.role == Role.ADMIN and not _other_admins(user):
        raise click.ClickException(f"'{username}' is the last admin and cannot be deleted")
    if not yes:
        click.confirm(f"Delete the account '{username}'?", abort=True)
    ended = end_all_sessions(user)
    db.session.delete(user)
    db.session.commit()
    click.echo(f"Deleted '{username}'{_ended(ended)}.")


@users.command("sign-out")
@click.argument("username")
def sign_out(username: str) -> None:
    """End every session of a staff account, on every browser."""
    user = _get_user(username)
    ended = end_all_sessions(user)
    db.session.commit()
    click.echo(f"Ended {_sessions(ended)} of '{username}'." if ended else f"'{username}' had no session to end.")


def _live_sessions(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(StaffSession).where(StaffSession.user_id == user.id))


def _sessions(count: int) -> str:
    return f"{count} session{'s' if count != 1 else ''}"


def _ended(count: int) -> str:
    return f" and ended {_sessions(count)}" if count else ""
