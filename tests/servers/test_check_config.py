"""flask check-config: says what to fix, exits 1 when anything is wrong."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from aiosmtpd.controller import Controller

from blogapp import create_app

from conftest import make_test_config
from helpers.servers import REPOSITORY, TEST_REDIS_URL, free_port, redis_answers

STRONG_KEY = "9c1e4b7f0a2d5e8c3b6f9a1d4e7c0b3a6d9f2e5c8b1a4d7e0f3c6b9a2d5e8f1c"
READY = {
    # `make test` exports BLOGAPP_DEVELOPMENT=true (for `make run`); a deployment has it off.
    "DEVELOPMENT": False,
    "SECRET_KEY": STRONG_KEY,
    "CANONICAL_URL": "https://blog.example.org",
    "SESSION_COOKIE_SECURE": True,
}
NOTHING_LISTENS = "127.0.0.1:9"


def check(database_url: str, **config):
    app = create_app(make_test_config(database_url, **config))
    with app.app_context():
        return app.test_cli_runner().invoke(args=["check-config"])


def test_a_ready_deployment_passes(migrated_database):
    result = check(migrated_database, **READY)
    assert result.exit_code == 0, result.output
    assert "PROBLEM" not in result.output
    assert "ready to serve" in result.output


@pytest.mark.skipif(not redis_answers(), reason=f"Redis does not answer at {TEST_REDIS_URL}")
def test_a_reachable_redis_passes(migrated_database):
    result = check(migrated_database, REDIS_URL=TEST_REDIS_URL, **READY)
    assert result.exit_code == 0, result.output
    assert "ok       redis:" in result.output


def test_a_reachable_mail_server_passes(migrated_database):
    controller = Controller(handler=object(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        result = check(migrated_database, MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, **READY)
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert f"ok       mail: 127.0.0.1:{controller.port} answers" in result.output


@pytest.mark.parametrize(
    "config, expected",
    [
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY is weak"),
        ({"SECRET_KEY": "short-but-random-4f9a"}, "SECRET_KEY is weak"),
        ({"SECRET_KEY": "a" * 64}, "SECRET_KEY is weak"),
        ({"DEVELOPMENT": True}, "DEVELOPMENT is on"),
        ({"CANONICAL_URL": ""}, "CANONICAL_URL is not set"),
        ({"CANONICAL_URL": "blog.example.org"}, "is not an http(s) address"),
        ({"SESSION_COOKIE_SECURE": False}, "session cookies may travel over http"),
        ({"REDIS_URL": f"redis://{NOTHING_LISTENS}/0"}, "redis: cannot reach redis://127.0.0.1:9/0"),
        ({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 9}, "cannot reach the mail server 127.0.0.1:9"),
        ({"ERASE_MODE": "anonymize"}, "ERASE_MODE is 'anonymize', so an erasure would fail"),
        ({"CLIENT_HASH_RETENTION_DAYS": 0}, "CLIENT_HASH_RETENTION_DAYS is 0"),
        ({"SPAM_THRESHOLD": 0.2}, "SPAM_THRESHOLD is 0.2, not a score from 0.5 to 1"),
        ({"SPAM_MIN_TRAINING": -1}, "SPAM_MIN_TRAINING is -1"),
        ({"CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY": 0}, "CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY is 0"),
        ({"CONFIRMATION_LINK_HOURS": "48h"}, "CONFIRMATION_LINK_HOURS is '48h'"),
    ],
    ids=["placeholder-key", "short-key", "repetitive-key", "development", "no-canonical-url",
         "bad-canonical-url", "insecure-cookie", "redis-down", "mail-down", "erase-mode", "retention-days",
         "spam-threshold", "spam-min-training", "confirmation-mails", "confirmation-hours"],
)
def test_each_problem_is_named_with_a_fix(migrated_database, config, expected):
    result = check(migrated_database, **{**READY, **config})
    assert result.exit_code == 1
    problem_lines = [line for line in result.output.splitlines() if line.startswith("PROBLEM")]
    assert len(problem_lines) == 1, result.output
    assert expected in problem_lines[0]
    assert "fix:" in result.output
    assert "1 problem to fix before serving." in result.output


def test_an_unreachable_database_is_a_problem():
    result = check(f"postgresql+psycopg://blogapp:hunter2@{NOTHING_LISTENS}/blogapp", **READY)
    assert result.exit_code == 1
    assert "PROBLEM  database: cannot query postgresql+psycopg://blogapp:***@127.0.0.1:9/blogapp" in result.output
    assert "hunter2" not in result.output


def test_an_unmigrated_database_is_a_problem(tmp_path):
    result = check(f"sqlite:///{tmp_path / 'new.sqlite3'}", **READY)
    assert result.exit_code == 1
    assert "PROBLEM  migrations: the database is at no migration at all" in result.output
    assert "flask --app blogapp db upgrade" in result.output


@pytest.mark.parametrize("settings, message", [
    ({}, "SECRET_KEY is not set: set BLOGAPP_SECRET_KEY"),
    ({"BLOGAPP_SECRET_KEY": STRONG_KEY}, "CANONICAL_URL is not set: set BLOGAPP_CANONICAL_URL"),
], ids=["secret key", "canonical URL"])
def test_a_missing_required_setting_is_named_without_a_traceback(tmp_path, settings, message):
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLOGAPP_")}
    env.update(BLOGAPP_INSTANCE_PATH=str(tmp_path), **settings)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "blogapp", "check-config"],
        cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
