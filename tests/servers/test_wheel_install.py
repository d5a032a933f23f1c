"""blogapp installed from its wheel, far from the checkout: it migrates, loads the demo, checks and serves.

The wheel is built from a copy of the working tree (so parallel runs never
share a build/ folder) and installed, without dependencies, into a new
virtualenv in a temporary folder; that virtualenv borrows the test
environment's installed dependencies through a ``.pth`` line, so nothing is
downloaded. Every command runs from a folder outside the checkout, so only
what the wheel carries can answer: the migrations, the demo articles, the
templates and gunicorn's settings. gunicorn starts as deploy/systemd/blogapp.service
says, behind deploy/nginx/blogapp.conf.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from helpers.nginx import site_config, start_nginx, stop_nginx
from helpers.servers import REPOSITORY, AppServer, Browser, free_port, healthy_server, server_environment, \
    stop_server
from helpers.systemd import command

# What a copy of the working tree leaves out: environments, caches, build output, git.
NOT_SOURCE = shutil.ignore_patterns(".venv", ".git", ".cache", ".ruff_cache", "build", "dist", "*.egg-info",
                                    "__pycache__", "instance", "reports", "node_modules", ".hypothesis")
TEST_DATABASE_URL = os.environ.get("BLOGAPP_TEST_DATABASE_URL")
READY = {"DEVELOPMENT": "false", "CANONICAL_URL": "https://blog.example.org", "SESSION_COOKIE_SECURE": "true"}


def run(command: list[str], cwd: Path, env: dict | None = None, timeout: float = 300) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def build_wheel(tmp_path: Path) -> Path:
    """``pip wheel`` of a copy of the working tree (with this environment's build backend: no download)."""
    source = tmp_path / "source"
    shutil.copytree(REPOSITORY, source, ignore=NOT_SOURCE)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "--wheel-dir", str(tmp_path / "dist"), str(source)], cwd=tmp_path)
    [wheel] = (tmp_path / "dist").glob("blogapp-*.whl")
    return wheel


def fresh_virtualenv(tmp_path: Path, wheel: Path) -> Path:
    """A new virtualenv with the wheel installed; its dependencies are the test environment's."""
    venv = tmp_path / "venv"
    run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    site_packages = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=tmp_path)
    # After the venv's own site-packages, so the wheel's blogapp wins; this environment's
    # .pth files (its editable blogapp among them) are not read from a plain path entry.
    Path(site_packages.strip(), "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index",
         str(wheel)], cwd=tmp_path)
    return python


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the new virtualenv's python, a folder outside the checkout, the wheel)."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(tmp_path)
    python = fresh_virtualenv(tmp_path, wheel)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    return python, outside, wheel


def test_the_wheel_carries_the_migrations_and_gunicorn_settings(installed):
    _, _, wheel = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "blogapp/_migrations/versions/0001_initial_schema.py" in names
    assert {"blogapp/_migrations/env.py", "blogapp/_migrations/alembic.ini", "blogapp/gunicorn_conf.py"} <= names
    assert not any(name.startswith(("migrations/", "tests/")) for name in names)


@pytest.fixture
def empty_database(tmp_path):
    """A database with nothing in it: a SQLite file, or on the PostgreSQL run one of its own, dropped after."""
    if not (TEST_DATABASE_URL or "").startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'blog.sqlite3'}"
        return
    name = f"blogapp_wheel_{uuid.uuid4().hex[:12]}"
    server = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        server.dispose()


def test_the_installed_package_migrates_loads_the_demo_checks_and_serves(installed, empty_database, tmp_path):
    python, outside, _ = installed
    where = run([str(python), "-c", "import blogapp.storage.migrations as m; print(m.MIGRATIONS_DIR)"], cwd=outside)
    assert where.startswith(str(python.parent.parent)) and where.strip().endswith("_migrations")
    port = free_port()
    env = server_environment(empty_database, tmp_path / "instance", port, 2, READY)
    flask = [str(python), "-m", "flask", "--app", "blogapp"]
    run([*flask, "db", "upgrade"], cwd=outside, env=env)
    assert "(head)" in run([*flask, "db", "current"], cwd=outside, env=env)
    run([*flask, "demo"], cwd=outside, env=env)
    checked = run([*flask, "check-config"], cwd=outside, env=env)
    assert "PROBLEM" not in checked and "schema is at the latest migration" in checked
    server = serve(python, outside, {**env, "BLOGAPP_CANONICAL_URL": f"http://127.0.0.1:{port}",
                                     "BLOGAPP_SESSION_COOKIE_SECURE": "false", "BLOGAPP_TRUSTED_PROXIES": "1"},
                   tmp_path, port)
    try:
        assert_the_demo_blog_is_served(server.url)
        if nginx_installed():  # else test_nginx_cache.py says why it skips
            front = start_nginx(tmp_path, server.url, site=one_host_site(python, tmp_path))
            try:
                home = assert_the_demo_blog_is_served(front.url)
                [stylesheet] = re.findall(r'href="(/static/[^"]+\.css)"', home.text)
                style = Browser().get(front.url + stylesheet)
                assert style.status == 200 and "immutable" in style.headers["Cache-Control"]
            finally:
                stop_nginx(front)
    finally:
        stop_server(server)


def assert_the_demo_blog_is_served(url: str):
    home = Browser().get(url + "/")
    assert home.status == 200 and "Where Things Stand" in home.text
    assert Browser().get(url + "/articles/how-comment-moderation-works/").status == 200
    return home


def nginx_installed() -> bool:
    return bool(shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin"))


def one_host_site(python: Path, tmp_path: Path):
    """deploy/nginx/blogapp.conf, with /srv/blogapp/static linked to the installed package's, as docs/deploy.md says."""
    static = tmp_path / "static"
    static.symlink_to(run([str(python), "-c", "import blogapp, os; print(os.path.dirname(blogapp.__file__))"],
                          cwd=tmp_path).strip() + "/static")

    def site(upstream_url: str, port: int, prefix: Path) -> str:
        return site_config(upstream_url, port, prefix).replace("/srv/blogapp/static/", f"{static}/")
    return site


def serve(python: Path, cwd: Path, env: dict, tmp_path: Path, port: int) -> AppServer:
    """The ExecStart of deploy/systemd/blogapp.service: gunicorn with the settings the wheel carries."""
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command("blogapp.service", "ExecStart", {"/srv/blogapp/venv/bin/gunicorn": f"{python} -m gunicorn"}),
            cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    return healthy_server(f"http://127.0.0.1:{port}", process, log_path)
