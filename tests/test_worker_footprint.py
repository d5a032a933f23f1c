"""What a gunicorn worker loads, and the commands that load the rest.

A worker serves pages; the command line migrates and imports. Alembic (with
Mako and Pygments, about 11 MB), the Markdown, front-matter, WordPress and
slug libraries stay out of every worker's memory until a command or an
editor's save needs them, and ``flask db`` works as before.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from servers import REPOSITORY

COMMAND_LINE_ONLY = ["alembic", "flask_migrate", "mako", "pygments", "markdown_it", "frontmatter", "yaml",
                     "defusedxml", "slugify"]
# Builds the app as gunicorn does (wsgi.py), serves pages, then names what is loaded.
SERVE_AND_LIST = """
import sys
import wsgi
client = wsgi.app.test_client()
for path in ("/", "/search?q=pelican", "/feed.atom", "/healthz"):
    assert client.get(path).status_code == 200, path
print(" ".join(sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:]))) or "none")
"""


def run_python(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLOGAPP_")}
    env.update(BLOGAPP_SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'site.sqlite3'}",
               BLOGAPP_INSTANCE_PATH=str(tmp_path), BLOGAPP_SECRET_KEY="footprint-test-key-0123456789abcdef")
    return subprocess.run([sys.executable, *args], cwd=REPOSITORY, env=env, capture_output=True, text=True,
                          timeout=120)


def flask(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return run_python(tmp_path, "-m", "flask", "--app", "blogapp", *args)


@pytest.fixture
def site(tmp_path):
    """An empty SQLite file, migrated with ``flask db upgrade`` as an operator would."""
    done = flask(tmp_path, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    return tmp_path


def test_flask_db_upgrade_builds_the_schema_and_db_check_agrees(site):
    current = flask(site, "db", "current")
    assert current.returncode == 0 and "(head)" in current.stdout, current.stderr
    check = flask(site, "db", "check")
    assert check.returncode == 0, check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr


def test_a_serving_worker_leaves_the_command_line_libraries_unloaded(site):
    served = run_python(site, "-c", SERVE_AND_LIST, *COMMAND_LINE_ONLY)
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["none"]


def test_the_command_list_still_names_every_command(site):
    listed = flask(site, "--help")
    for command in ("articles", "backup", "bench", "check-config", "db", "demo", "import-wordpress", "search",
                    "users"):
        assert f"\n  {command} " in listed.stdout
