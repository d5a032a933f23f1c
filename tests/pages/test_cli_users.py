"""``flask users create|list|set-password|set-role|delete``."""

from __future__ import annotations

from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import AuditEntry, Role, User


def user(username: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).filter_by(username=username))


def test_create_and_list(runner):
    result = runner.invoke(args=["users", "create", "mia", "--password-stdin"], input="a long password\n")
    assert result.exit_code == 0, result.output
    assert "Created moderator 'mia'." in result.output
    assert user("mia").check_password("a long password")
    runner.invoke(args=["users", "create", "boss", "--role", "admin", "--password-stdin"], input="another long one\n")
    listing = runner.invoke(args=["users", "list"]).output
    assert listing.index("boss\tadmin") < listing.index("mia\tmoderator")
    assert "long" not in listing


def test_short_passwords_and_duplicates_are_refused(runner, make):
    make.user("mia")
    assert "at least 10 characters" in runner.invoke(args=["users", "create", "max", "--password-stdin"], input="short\n").output
    assert "already exists" in runner.invoke(args=["users", "create", "mia", "--password-stdin"], input="long enough pw\n").output
    assert user("max") is None


def test_a_username_on_two_lines_is_refused(runner):
    result = runner.invoke(args=["users", "create", "mia\nroot", "--password-stdin"], input="a long password\n")
    assert result.exit_code != 0 and "a username must be on one line" in result.output
    assert db.session.scalar(select(User)) is None


def test_set_password(runner, make):
    make.user("mia")
    result = runner.invoke(args=["users", "set-password", "mia", "--password-stdin"], input="brand new secret\n")
    assert result.exit_code == 0 and "Changed the password of 'mia'." in result.output
    assert user("mia").check_password("brand new secret")
    assert "no user named 'nobody'" in runner.invoke(args=["users", "set-password", "nobody", "--password-stdin"], input="x" * 12 + "\n").output


def test_set_role_keeps_one_admin(runner, make):
    make.user("boss", Role.ADMIN)
    make.user("mia")
    assert runner.invoke(args=["users", "set-role", "mia", "editor"]).exit_code == 0
    assert user("mia").role == Role.EDITOR
    result = runner.invoke(args=["users", "set-role", "boss", "moderator"])
    assert result.exit_code != 0 and "last admin" in result.output
    assert user("boss").role == Role.ADMIN
    assert runner.invoke(args=["users", "set-role", "mia", "emperor"]).exit_code != 0


def test_delete_keeps_the_audit_trail(runner, make):
    make.user("boss", Role.ADMIN)
    mia = make.user("mia")
    db.session.add(AuditEntry(user_id=mia.id, username="mia", action="approve", comment_id=1))
    db.session.commit()
    assert runner.invoke(args=["users", "delete", "mia"], input="n\n").exit_code != 0
    assert user("mia") is not None
    result = runner.invoke(args=["users", "delete", "mia", "--yes"])
    assert result.exit_code == 0 and "Deleted 'mia'." in result.output
    assert user("mia") is None
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.user_id, entry.username) == (None, "mia")
    assert "last admin" in runner.invoke(args=["users", "delete", "boss", "--yes"]).output
