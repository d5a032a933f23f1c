"""What a gunicorn worker loads, and the commands that load the rest.

A worker serves pages; the command line migrates and imports. Alembic (with
Mako and Pygments, about 11 MB), the Markdown, front-matter, WordPress and
slug libraries stay out of every worker's memory until a command or an
editor's save needs them, and ``flask db`` works as before. bleach (about
3 MB), the email and website checks, smtplib and Pillow wait for the first comment
posted or mail sent: a worker that only serves pages never loads them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers.servers import REPOSITORY

COMMAND_LINE_ONLY = ["alembic", "flask_migrate", "mako", "pygments", "markdown_it", "frontmatter", "yaml",
                     "defusedxml", "slugify"]
# Loaded only by the requests that need them (cleaning a comment, checking its email
# address or website, mailing the moderators, an editor's upload: Pillow), or never:
# Jinja's extensions, which no template uses.
FIRST_NEEDED_ONLY = ["bleach", "email_validator", "idna", "smtplib", "PIL", "jinja2.ext"]
ARTICLE = "/articles/how-comment-moderation-works/"
# Builds the app as gunicorn does (wsgi.py), serves pages (an article with its
# comment form among them), then names the modules (or packages) that are loaded.
SERVE_AND_LIST = f"""
import sys
import wsgi
client = wsgi.app.test_client()
for path in ("/", "{ARTICLE}", "/search?q=pelican", "/feed.atom", "/healthz"):
    assert client.get(path).status_code == 200, path
loaded = [wanted for wanted in sys.argv[1:]
          if any(name == wanted or name.startswith(wanted + ".") for name in sys.modules)]
print(" ".join(loaded) or "none")
"""


def run_python(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLOGAPP_")}
    env.update(BLOGAPP_SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'site.sqlite3'}",
               BLOGAPP_INSTANCE_PATH=str(tmp_path), BLOGAPP_SECRET_KEY="footprint-test-key-0123456789abcdef",
               # The test client's requests are for localhost.
               BLOGAPP_CANONICAL_URL="http://localhost")
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


@pytest.fixture
def demo_site(site):
    """The migrated site with the demo articles and comments (``flask demo``)."""
    done = flask(site, "demo")
    assert done.returncode == 0, done.stderr
    return site


def test_a_serving_worker_leaves_the_command_line_libraries_unloaded(demo_site):
    served = run_python(demo_site, "-c", SERVE_AND_LIST, *COMMAND_LINE_ONLY)
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["none"]


def test_a_worker_serving_pages_loads_no_sanitiser_mail_or_address_checks(demo_site):
    served = run_python(demo_site, "-c", SERVE_AND_LIST, *FIRST_NEEDED_ONLY)
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["none"]


def test_the_command_list_still_names_every_command(site):
    listed = flask(site, "--help")
    for command in ("articles", "backup", "bench", "check-config", "db", "demo", "import-wordpress", "search",
                    "users"):
        assert f"\n  {command} " in listed.stdout
