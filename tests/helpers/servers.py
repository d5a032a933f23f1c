"""Real gunicorn instances for tests, and a small cookie-keeping browser to talk to them.

    with running_servers(2, database_url, tmp_path, redis_url=REDIS) as (first, second):
        reader = Browser()
        reader.post_form(first.url + "/articles/x/", first.url + "/articles/x/comments", {...})
        assert "awaiting moderation" in reader.get(second.url + "/articles/x/").text

Each instance runs ``gunicorn --config gunicorn.conf.py wsgi:app`` from the
repository (so the shipped config is what is tested) on a free port of
127.0.0.1, configured only through ``BLOGAPP_*`` variables, with its output in
``tmp_path``. All instances share one secret key, as the hosts of a real
deployment must, so a session cookie signed by one is valid on another.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Iterator
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, Request, build_opener

from .forms import CSRF_FIELD, browser_form_headers, sends_browser_headers

REPOSITORY = Path(__file__).resolve().parents[2]
# The Redis that server tests may use (its database is shared with nothing else).
TEST_REDIS_URL = os.environ.get("BLOGAPP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SERVER_SECRET_KEY = "test-servers-share-this-secret-key-0123456789abcdef"


def redis_answers(url: str = TEST_REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        """Everything gunicorn and blogapp wrote so far."""
        return self.log_path.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str, instance_path: Path, port: int, workers: int, config: dict) -> dict:
    """The process environment: this machine's, minus any BLOGAPP_* (or DATABASE_URL, REDIS_URL) of the caller's, plus ours."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("BLOGAPP_") and key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        BLOGAPP_BIND=f"127.0.0.1:{port}",
        BLOGAPP_WORKERS=str(workers),
        BLOGAPP_INSTANCE_PATH=str(instance_path),
        BLOGAPP_SECRET_KEY=SERVER_SECRET_KEY,
        BLOGAPP_SQLALCHEMY_DATABASE_URI=database_url,
    )
    # Like the in-process test config: the "too fast" rule is off unless asked for.
    # Production refuses to start without its public address: the one tests reach it at.
    config = {"COMMENT_MIN_SECONDS": 0, "CANONICAL_URL": f"http://127.0.0.1:{port}", **config}
    for key, value in config.items():
        env[f"BLOGAPP_{key}"] = value if isinstance(value, str) else json.dumps(value)
    return env


def start_server(database_url: str, tmp_path: Path, *, workers: int = 2, app_module: str = "wsgi:app",
                 **config) -> AppServer:
    """Start one instance; ``config`` keys become BLOGAPP_* variables (REDIS_URL=..., etc.).

    ``app_module`` serves another WSGI app with the same settings (bench/ does).
    """
    port = free_port()
    instance_path = tmp_path / "instance"
    instance_path.mkdir(exist_ok=True)
    log_path = tmp_path / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", app_module],
            cwd=REPOSITORY,
            env=server_environment(database_url, instance_path, port, workers, config),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return healthy_server(f"http://127.0.0.1:{port}", process, log_path)


def healthy_server(url: str, process: subprocess.Popen, log_path: Path) -> AppServer:
    """The started gunicorn at ``url`` once /healthz answers; stopped if it never does."""
    server = AppServer(url, process, log_path)
    try:
        wait_until_healthy(server)
    except Exception:
        stop_server(server)
        raise
    return server


def wait_until_healthy(server: AppServer, timeout: float = 90) -> None:
    """Poll /healthz until it answers 200.

    :raise RuntimeError: with the server's log, when it exits or stays unhealthy.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}:\n{server.log()}")
        if Browser().get(server.url + "/healthz").status == 200:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{server.url}/healthz did not answer 200 within {timeout}s:\n{server.log()}")


def stop_server(server: AppServer, timeout: float = 15) -> None:
    """SIGTERM (gunicorn's graceful stop), then SIGKILL if it lingers."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@contextmanager
def running_servers(count: int, database_url: str, tmp_path: Path, **options) -> Iterator[list[AppServer]]:
    """``count`` instances on one database (and Redis, with REDIS_URL=...), stopped afterwards."""
    servers: list[AppServer] = []
    try:
        for _ in range(count):
            servers.append(start_server(database_url, tmp_path, **options))
        yield servers
    finally:
        for server in servers:
            stop_server(server)


@dataclass
class Page:
    status: int
    url: str
    headers: dict
    text: str


class Browser:
    """One reader: keeps cookies (for every instance on 127.0.0.1) and follows redirects."""

    def __init__(self, headers: dict | None = None):
        self.cookies = CookieJar()
        self._opener = build_opener(HTTPCookieProcessor(self.cookies))
        self._headers = headers or {}

    def open(self, url: str, data: dict | None = None, headers: dict | None = None) -> Page:
        body = urlencode(data).encode() if data is not None else None
        headers = {**self._headers, **(headers or {})}
        if body is not None and not sends_browser_headers(headers):
            parts = urlsplit(url)
            headers.update(browser_form_headers(f"{parts.scheme}://{parts.netloc}"))
        request = Request(url, data=body, headers=headers)
        try:
            with self._opener.open(request, timeout=60) as response:  # a busy machine is slow, not broken
                return Page(response.status, response.url, dict(response.headers), response.read().decode())
        except HTTPError as error:
            return Page(error.code, error.url, dict(error.headers), error.read().decode(errors="replace"))
        except URLError as error:
            return Page(0, url, {}, str(error.reason))

    def get(self, url: str, **kwargs) -> Page:
        return self.open(url, **kwargs)

    def post_form(self, page_url: str, action_url: str, fields: dict, **kwargs) -> Page:
        """Load the page as a reader would, then send its form (with the page's CSRF token, if it has one)."""
        page = self.get(page_url)
        assert page.status == 200, f"{page_url} answered {page.status}"
        match = CSRF_FIELD.search(page.text)
        token = {"csrf_token": match.group(1)} if match else {}
        return self.open(action_url, data={**token, **fields}, **kwargs)
