"""Secrets read from files (systemd's LoadCredential=, container secrets), and DATABASE_URL / REDIS_URL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from blogapp import create_app

from helpers.servers import REPOSITORY

KEY = "a-secret-key-from-a-credential-file-0123456789"


@pytest.fixture
def environ(monkeypatch, tmp_path):
    """A production environment of our own: nothing of the caller's BLOGAPP_*, DATABASE_URL or REDIS_URL."""
    for name in list(os.environ):
        if name.startswith("BLOGAPP_") or name in ("DATABASE_URL", "REDIS_URL"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BLOGAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("BLOGAPP_CANONICAL_URL", "https://blog.example.org")
    return monkeypatch


def credential(tmp_path, name: str, content: str):
    path = tmp_path / "credentials" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(content)
    path.chmod(0o400)
    return path


def test_secret_key_and_mail_password_come_from_files_without_their_final_newline(environ, tmp_path):
    environ.setenv("BLOGAPP_SECRET_KEY_FILE", str(credential(tmp_path, "secret_key", KEY + "\n")))
    environ.setenv("BLOGAPP_MAIL_PASSWORD_FILE", str(credential(tmp_path, "mail", "pass word \n\n")))
    app = create_app()
    assert app.config["SECRET_KEY"] == KEY
    # One newline goes; anything else is the secret's own.
    assert app.config["MAIL_PASSWORD"] == "pass word \n"


def test_database_url_from_a_file(environ, tmp_path):
    database = tmp_path / "from-file.sqlite3"
    environ.setenv("BLOGAPP_SECRET_KEY", KEY)
    environ.setenv("BLOGAPP_DATABASE_URL_FILE", str(credential(tmp_path, "db", f"sqlite:///{database}\n")))
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"


def test_production_refuses_to_start_without_a_secret_and_names_the_file_setting(environ):
    with pytest.raises(RuntimeError, match="BLOGAPP_SECRET_KEY_FILE"):
        create_app()


@pytest.mark.parametrize("problem", ["missing", "unreadable", "empty", "only a newline"])
def test_a_file_that_cannot_give_the_secret_stops_the_start(environ, tmp_path, problem):
    path = tmp_path / "credentials" / "secret_key"
    if problem != "missing":
        path = credential(tmp_path, "secret_key", {"unreadable": KEY, "empty": "", "only a newline": "\n"}[problem])
    if problem == "unreadable":
        path.chmod(0o000)
        if os.access(path, os.R_OK):
            pytest.skip("running as root: every file is readable")
    environ.setenv("BLOGAPP_SECRET_KEY_FILE", str(path))
    expected = {"missing": "No such file", "unreadable": "Permission denied"}.get(problem, "is empty")
    with pytest.raises(RuntimeError, match=f"SECRET_KEY_FILE: .*{expected}"):
        create_app()


def test_a_value_given_both_directly_and_as_a_file_stops_the_start(environ, tmp_path):
    environ.setenv("BLOGAPP_SECRET_KEY", KEY)
    environ.setenv("BLOGAPP_SECRET_KEY_FILE", str(credential(tmp_path, "secret_key", KEY)))
    with pytest.raises(RuntimeError, match="both SECRET_KEY and SECRET_KEY_FILE are set"):
        create_app()


def test_the_flask_command_says_what_is_wrong_without_a_traceback(environ, tmp_path):
    env = {**os.environ, "BLOGAPP_SECRET_KEY_FILE": str(tmp_path / "nowhere")}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "blogapp", "check-config"], cwd=REPOSITORY,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert f"SECRET_KEY_FILE: cannot read {tmp_path / 'nowhere'}: No such file or directory" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("given", "used"), [
    ("postgres://u:p@db.example/blog", "postgresql+psycopg://u:p@db.example/blog"),
    ("postgresql://u@db.example:5433/blog", "postgresql+psycopg://u@db.example:5433/blog"),
    ("postgresql+psycopg://u@db.example/blog", "postgresql+psycopg://u@db.example/blog"),
])
def test_conventional_database_url_is_honoured_with_the_psycopg_driver(environ, given, used):
    environ.setenv("BLOGAPP_SECRET_KEY", KEY)
    environ.setenv("DATABASE_URL", given)
    environ.setenv("REDIS_URL", "redis://cache.example:6379/2")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == used
    assert app.config["REDIS_URL"] == "redis://cache.example:6379/2"
    # PostgreSQL's pool settings follow the address, wherever it came from.
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_blogapp_names_win_over_the_conventional_ones(environ, tmp_path):
    environ.setenv("BLOGAPP_SECRET_KEY", KEY)
    environ.setenv("DATABASE_URL", "postgres://elsewhere/blog")
    environ.setenv("REDIS_URL", "redis://elsewhere:6379/0")
    environ.setenv("BLOGAPP_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'ours.sqlite3'}")
    environ.setenv("BLOGAPP_REDIS_URL_FILE", str(credential(tmp_path, "redis", "redis://ours:6379/1\n")))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'ours.sqlite3'}"
    assert app.config["REDIS_URL"] == "redis://ours:6379/1"
