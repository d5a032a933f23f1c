"""The documented configuration loads and says what the code reads (deploy/'s files: test_deploy_files.py)."""

from __future__ import annotations

import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from blogapp import create_app
from blogapp.config import Defaults
from blogapp.extensions import db

from helpers.nginx import SHIPPED_CONFIG, check_config
from helpers.servers import REPOSITORY

DEPLOY_DOC = REPOSITORY / "docs" / "deploy.md"
CODE_BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)
KNOWN_SETTINGS = {name for name in dir(Defaults) if name.isupper()}


def documented_files(first_line: str) -> list[str]:
    """The code blocks of docs/deploy.md that start with ``first_line``."""
    blocks = [body for _, body in CODE_BLOCK.findall(DEPLOY_DOC.read_text())]
    found = [body for body in blocks if body.startswith(first_line)]
    assert found, f"docs/deploy.md has no block starting {first_line!r}"
    return found


def clean_environment(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLOGAPP_")}
    return {**env, **extra}


def load_instance_config(monkeypatch, tmp_path: Path, source: str):
    """Build the app from ``source`` as its instance config.py, as a deployment would."""
    (tmp_path / "config.py").write_text(source)
    for key in [key for key in os.environ if key.startswith("BLOGAPP_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("BLOGAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("BLOGAPP_SECRET_KEY", "a-key-from-the-environment-file-0123456789")
    return create_app()


def settings_in(source: str) -> set[str]:
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)\s*=", source, re.M))


def gunicorn_settings(**env) -> dict[str, str]:
    """gunicorn's resolved settings, as ``--print-config`` shows them."""
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "--print-config",
         "--config", "gunicorn.conf.py", "wsgi:app"],
        cwd=REPOSITORY, env=clean_environment(BLOGAPP_SECRET_KEY="x" * 40,
                                              BLOGAPP_CANONICAL_URL="https://blog.example.org", **env),
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    pairs = (line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_gunicorn_config_loads_with_its_defaults(tmp_path):
    settings = gunicorn_settings(BLOGAPP_INSTANCE_PATH=str(tmp_path))
    assert settings["bind"] == "['127.0.0.1:5000']"
    assert settings["workers"] == str(multiprocessing.cpu_count() * 2 + 1)
    assert (settings["timeout"], settings["graceful_timeout"]) == ("30", "20")
    assert settings["accesslog"] == "None"


def test_gunicorn_config_reads_the_environment(tmp_path):
    settings = gunicorn_settings(BLOGAPP_INSTANCE_PATH=str(tmp_path), BLOGAPP_BIND="10.0.0.11:5000",
                                 BLOGAPP_WORKERS="3", BLOGAPP_LOG_LEVEL="WARNING", BLOGAPP_ACCESS_LOG="-")
    assert settings["bind"] == "['10.0.0.11:5000']"
    assert settings["workers"] == "3"
    assert settings["loglevel"] == "warning"
    assert settings["accesslog"] == "-"


def test_the_example_instance_config_loads(monkeypatch, tmp_path):
    source = (REPOSITORY / "instance" / "config.example.py").read_text()
    assert settings_in(source) <= KNOWN_SETTINGS
    app = load_instance_config(monkeypatch, tmp_path, source)
    with app.app_context():
        # A relative SQLite path lands in the instance folder.
        assert db.engine.url.database == str(tmp_path / "blogapp.sqlite3")
    assert app.config["COMMENT_RATE_LIMIT"] == "5 per minute"
    # The environment wins over the file's placeholder key.
    assert app.config["SECRET_KEY"] == "a-key-from-the-environment-file-0123456789"


@pytest.mark.parametrize("which", ["one host", "several hosts"])
def test_the_documented_instance_configs_load(monkeypatch, tmp_path, which):
    [source] = documented_files(f"# /var/lib/blogapp/config.py ({which})")
    unknown = settings_in(source) - KNOWN_SETTINGS
    assert not unknown, f"docs/deploy.md sets settings blogapp does not have: {unknown}"
    app = load_instance_config(monkeypatch, tmp_path, source)
    assert app.config["CANONICAL_URL"] == "https://blog.example.org"
    assert app.config["TRUSTED_PROXIES"] == 1
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_the_documented_nginx_file_is_the_shipped_one_and_loads(tmp_path):
    """docs/deploy.md points at deploy/nginx/blogapp.conf, which ``nginx -t`` accepts (skipped without nginx)."""
    assert "deploy/nginx/blogapp.conf" in DEPLOY_DOC.read_text()
    assert "proxy_cache_path" in SHIPPED_CONFIG.read_text()
    result = check_config(tmp_path)
    assert result.returncode == 0, result.stderr
