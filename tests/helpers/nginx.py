"""Debian's nginx with the shipped deploy/nginx/blogapp.conf, in a prefix of its own.

    backend = start_server(database_url, tmp_path, TRUSTED_PROXIES=1)
    front = start_nginx(tmp_path, backend.url)
    try:
        Browser().get(front.url + "/articles/x/").headers["X-Cache-Status"]
    finally:
        stop_nginx(front)

Only three things of the shipped file change: the listen port (a free one), the
upstream's address (the test's gunicorn) and the cache path (inside the prefix),
so two copies of the suite can run side by side.
"""

from __future__ import annotations

import getpass
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .servers import REPOSITORY, Browser, free_port, stop_server

SHIPPED_CONFIG = REPOSITORY / "deploy" / "nginx" / "blogapp.conf"
MAIN_CONFIG = """\
# Workers as the test's own user (as root, nginx would switch to nobody, who cannot read tmp_path).
user {user};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    access_log {prefix}/access.log;
    include {prefix}/blogapp.conf;
}}
"""


@dataclass
class NginxServer:
    url: str
    process: subprocess.Popen
    prefix: Path

    def log(self) -> str:
        """nginx's error log so far."""
        return (self.prefix / "error.log").read_text(errors="replace")


def nginx_binary() -> str:
    """The nginx to run; skips the test when there is none (CI installs Debian's)."""
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not binary:
        pytest.skip("nginx is not installed (apt-get install nginx; .ci/run does)")
    return binary


def site_config(upstream_url: str, port: int, prefix: Path) -> str:
    """The shipped file, listening on ``port``, in front of ``upstream_url``, caching in ``prefix``."""
    text = SHIPPED_CONFIG.read_text()
    replacements = [
        (r"(?m)^    listen \[::\]:80;\n", ""),
        (r"(?m)^    listen 80;", f"    listen 127.0.0.1:{port};"),
        (r"server 127\.0\.0\.1:5000;", f"server {urlsplit(upstream_url).netloc};"),
        (r"proxy_cache_path /var/cache/nginx/blogapp ", f"proxy_cache_path {prefix}/cache "),
        (r"access_log /var/log/nginx/blogapp.access.log", f"access_log {prefix}/blogapp.access.log"),
    ]
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text, count=1)
        assert count == 1, f"{SHIPPED_CONFIG} no longer has {pattern!r}"
    return text


def prepared_prefix(tmp_path: Path, upstream_url: str, site=site_config) -> tuple[list[str], int, Path]:
    """A prefix with the main config and ``site(upstream_url, port, prefix)``: (nginx command, port, prefix)."""
    binary = nginx_binary()
    prefix = tmp_path / f"nginx-{free_port()}"
    (prefix / "temp").mkdir(parents=True)
    port = free_port()
    (prefix / "blogapp.conf").write_text(site(upstream_url, port, prefix))
    (prefix / "nginx.conf").write_text(MAIN_CONFIG.format(prefix=prefix, user=getpass.getuser()))
    command = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
    return command, port, prefix


def check_config(tmp_path: Path, upstream_url: str = "http://127.0.0.1:5000",
                 site=site_config) -> subprocess.CompletedProcess:
    """``nginx -t`` on the shipped site (or another ``site``), as start_nginx would run it."""
    command, _, _ = prepared_prefix(tmp_path, upstream_url, site)
    return subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=60)


def start_nginx(tmp_path: Path, upstream_url: str, timeout: float = 30, site=site_config) -> NginxServer:
    """nginx in the foreground with the shipped site in front of ``upstream_url`` (or another ``site``)."""
    command, port, prefix = prepared_prefix(tmp_path, upstream_url, site)
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)
    server = NginxServer(f"http://127.0.0.1:{port}", process, prefix)
    deadline = time.monotonic() + timeout
    while Browser().get(server.url + "/healthz").status == 0:  # any answer: nginx is up
        if process.poll() is not None or time.monotonic() > deadline:
            stop_nginx(server)
            raise RuntimeError(f"nginx did not answer on {server.url}:\n{server.log()}")
        time.sleep(0.1)
    return server


def stop_nginx(server: NginxServer) -> None:
    """SIGTERM (nginx's fast stop), then SIGKILL if it lingers, as for gunicorn."""
    stop_server(server)
