"""The files in deploy/ work as shipped: systemd accepts the units, the backup unit backs up,
and the several-hosts nginx file balances real requests over TLS to two gunicorns.

(The one-host nginx file is run in front of gunicorn by test_nginx_cache.py and
test_wheel_install.py.) Only deployment paths, ports and addresses are rewritten,
so what passes here is what an operator copies.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from blogapp.config import Defaults

from helpers.nginx import check_config, nginx_binary, start_nginx, stop_nginx
from helpers.servers import REPOSITORY, free_port, running_servers
from helpers.systemd import UNITS, command, unit_environment, unit_settings

UNIT_NAMES = ["blogapp.service", "blogapp-outbox.service", "blogapp-backup.service", "blogapp-backup.timer"]
BALANCER = REPOSITORY / "deploy" / "nginx" / "blogapp-balancer.conf"
# Variables read outside app.config: by create_app and gunicorn.conf.py.
PROCESS_VARIABLES = {"BLOGAPP_INSTANCE_PATH", "BLOGAPP_BIND", "BLOGAPP_WORKERS",
                     "BLOGAPP_ACCESS_LOG", "BLOGAPP_CONTROL_SOCKET", "BLOGAPP_LOG_LEVEL"}
KNOWN_SETTINGS = {name for name in dir(Defaults) if name.isupper()}
VENV = "/srv/blogapp/venv"


def test_the_units_are_all_shipped_and_documented():
    assert sorted(path.name for path in UNITS.iterdir()) == sorted(UNIT_NAMES)
    guide = (REPOSITORY / "docs" / "deploy.md").read_text()
    for name in UNIT_NAMES:
        assert f"deploy/systemd/{name}" in guide, f"docs/deploy.md does not point at {name}"
    assert "deploy/nginx/blogapp-balancer.conf" in guide


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed (apt-get install systemd)")
def test_systemd_analyze_verify_accepts_every_unit_without_a_warning(tmp_path):
    """With the virtualenv's path pointed at this one, so that the executables exist."""
    for name in UNIT_NAMES:
        (tmp_path / name).write_text((UNITS / name).read_text().replace(VENV, sys.prefix))
    result = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / name) for name in UNIT_NAMES)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


@pytest.mark.parametrize("name", [name for name in UNIT_NAMES if name.endswith(".service")])
def test_the_units_set_only_variables_blogapp_reads(name):
    readable = PROCESS_VARIABLES | {f"BLOGAPP_{setting}" for setting in KNOWN_SETTINGS}
    variables = set(unit_environment(name))
    assert variables and variables <= readable, variables - readable
    assert unit_environment(name)["BLOGAPP_INSTANCE_PATH"] == "/var/lib/blogapp"


def test_the_timer_starts_the_backup_nightly():
    timer = unit_settings("blogapp-backup.timer")
    assert timer["OnCalendar"] == ["*-*-* 03:15:00"] and timer["Persistent"] == ["true"]
    # No Unit=: a timer starts the service of its own name.
    assert "Unit" not in timer and (UNITS / "blogapp-backup.service").exists()


def test_the_backup_unit_backs_up_and_keeps_a_week(tmp_path):
    """The unit's own ExecStart and ExecStartPost, run against a migrated SQLite site."""
    backups, instance = tmp_path / "backups", tmp_path / "instance"
    backups.mkdir()
    instance.mkdir()
    old = backups / "blogapp-20260101-031500.sqlite3"
    old.write_bytes(b"an old copy")
    os.utime(old, (time.time() - 8 * 86400,) * 2)
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLOGAPP_")}
    env.update(unit_environment("blogapp-backup.service"), BLOGAPP_INSTANCE_PATH=str(instance),
               BLOGAPP_SECRET_KEY="a-key-from-the-environment-file-0123456789",
               BLOGAPP_CANONICAL_URL="https://blog.example.org")
    paths = {VENV: sys.prefix, "/var/backups/blogapp": str(backups)}
    flask = [sys.executable, "-m", "flask", "--app", "blogapp"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=instance, check=True, capture_output=True, timeout=120)
    for key in ["ExecStart", "ExecStartPost"]:
        argv = command("blogapp-backup.service", key, paths)
        result = subprocess.run(argv, env=env, cwd=instance, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{key}: {result.stdout}{result.stderr}"
    [copy] = backups.iterdir()
    assert copy.name.startswith("blogapp-") and copy.suffix == ".sqlite3" and copy != old
    assert copy.read_bytes().startswith(b"SQLite format 3\0")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=blog.example.org", "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True, timeout=60)
    return certificate, key


def balancer_site(backends: list[str], redirect_port: int, certificate: tuple[Path, Path]):
    """The shipped balancer on ``port`` (TLS) and ``redirect_port`` (plain http), in front of ``backends``."""
    def site(_upstream_url: str, port: int, prefix: Path) -> str:
        text = BALANCER.read_text()
        hosts = iter(urlsplit(url).netloc for url in backends)
        replacements = [
            (r"(?m)^    listen \[::\]:80;\n", ""),
            (r"(?m)^    listen \[::\]:443 ssl http2;\n", ""),
            (r"(?m)^    listen 80;", f"    listen 127.0.0.1:{redirect_port};"),
            (r"(?m)^    listen 443 ssl http2;", f"    listen 127.0.0.1:{port} ssl http2;"),
            (r"server 10\.0\.0\.11:5000", f"server {next(hosts)}"),
            (r"server 10\.0\.0\.12:5000", f"server {next(hosts)}"),
            (r"/etc/letsencrypt/live/blog.example.org/fullchain.pem", str(certificate[0])),
            (r"/etc/letsencrypt/live/blog.example.org/privkey.pem", str(certificate[1])),
            (r"access_log /var/log/nginx/blogapp.access.log", f"access_log {prefix}/blogapp.access.log"),
        ]
        for pattern, replacement in replacements:
            text, count = re.subn(pattern, replacement, text, count=1)
            assert count == 1, f"{BALANCER} no longer has {pattern!r}"
        return text
    return site


def https_get(port: int, path: str) -> http.client.HTTPResponse:
    """A reader's request for blog.example.org over TLS (the test's own certificate, not checked)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=60)
    connection.request("GET", path, headers={"Host": "blog.example.org"})
    response = connection.getresponse()
    response.text = response.read().decode()
    connection.close()
    return response


def test_both_nginx_files_pass_nginx_t(tmp_path):
    assert check_config(tmp_path).returncode == 0
    site = balancer_site(["http://127.0.0.1:5000", "http://127.0.0.1:5001"], free_port(),
                         self_signed_certificate(tmp_path))
    result = check_config(tmp_path, site=site)
    assert result.returncode == 0, result.stderr


def test_the_balancer_spreads_readers_over_the_hosts_over_tls(migrated_database, tmp_path):
    nginx_binary()
    redirect_port = free_port()
    with running_servers(2, migrated_database, tmp_path, workers=1, TRUSTED_PROXIES=1,
                         CANONICAL_URL="https://blog.example.org") as backends:
        site = balancer_site([backend.url for backend in backends], redirect_port, self_signed_certificate(tmp_path))
        front = start_nginx(tmp_path, backends[0].url, site=site)
        try:
            port = urlsplit(front.url).port
            pages = [https_get(port, "/") for _ in range(4)]
            plain = http.client.HTTPConnection("127.0.0.1", redirect_port, timeout=60)
            plain.request("GET", "/about?x=1", headers={"Host": "blog.example.org"})
            redirect = plain.getresponse()
        finally:
            stop_nginx(front)
        logs = [backend.log() for backend in backends]
    assert [page.status for page in pages] == [200] * 4
    assert all("<html" in page.text for page in pages)
    # Each request carries nginx's id to whichever host answered it, and back.
    for page in pages:
        request_id = page.getheader("X-Request-ID")
        assert request_id and sum(request_id in log for log in logs) == 1
    assert all(log.count("GET / ") >= 1 for log in logs), "one host answered every request"
    assert (redirect.status, redirect.getheader("Location")) == (301, "https://blog.example.org/about?x=1")
