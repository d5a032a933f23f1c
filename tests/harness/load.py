"""Concurrent readers for load, fault and rate-limit tests against real gunicorn servers.

Each reader is a thread with its own session (cookie) and connection, which
loads a form once and then posts it many times. Redirects are not followed:
a 303 is the server's word that the comment is stored. Every request is
bounded by a timeout, and every run by a count and a deadline.
"""

from __future__ import annotations

import http.client
import os
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from helpers.forms import CSRF_FIELD, HIDDEN_FIELD, browser_form_headers


class Reader:
    """One person at one browser: a cookie, a connection, a forwarded address."""

    def __init__(self, base_url: str, timeout: float = 15):
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None, address: str = "") -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if address:
            headers["X-Forwarded-For"] = address
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers.update(browser_form_headers(self.origin))
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            return 0, ""
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            if value:
                self.cookies[name.strip()] = value
            else:  # an emptied cookie is a deleted one
                self.cookies.pop(name.strip(), None)
        return response.status, text

    def form(self, path: str, address: str = "") -> dict:
        """The hidden fields of the form on ``path`` (its CSRF token, if it has one)."""
        status, page = self.request("GET", path, address=address)
        assert status == 200, (path, status, page[:500])
        fields = dict(HIDDEN_FIELD.findall(page))
        token = CSRF_FIELD.search(page)
        if token:
            fields.setdefault("csrf_token", token.group(1))
        return fields


@dataclass
class Tally:
    """What the server answered, shared by the reader threads."""

    statuses: Counter = field(default_factory=Counter)
    # The comment bodies the server answered 303 to.
    accepted: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, body: str = "") -> None:
        with self.lock:
            self.statuses[status] += 1
            if status == 303 and body:
                self.accepted.append(body)


def run_readers(count: int, work, deadline: float) -> None:
    """Run ``work(number)`` in ``count`` threads; each must return by ``deadline`` (monotonic)."""
    threads = [threading.Thread(target=work, args=(number,), daemon=True) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.1, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "readers still running at the deadline"


def post_comments(base_url: str, slug: str, readers: int, per_reader: int, tally: Tally,
                  deadline: float, stop: threading.Event | None = None, label: str = "") -> None:
    """``readers`` threads each post ``per_reader`` distinct comments, each from its own address.

    ``label`` keeps the texts of one round apart from another's (duplicates are refused).
    """
    page, action = f"/articles/{slug}/", f"/articles/{slug}/comments"

    def work(number: int) -> None:
        reader = Reader(base_url)
        hidden = reader.form(page, address=f"10.{number}.255.254")
        for n in range(per_reader):
            if (stop is not None and stop.is_set()) or time.monotonic() > deadline:
                return
            body = f"Load comment {label}{number}-{n}: distinct text, posted concurrently."
            fields = {**hidden, "name": f"Reader {number}", "email": f"r{number}@example.org", "body": body}
            status, _ = reader.request("POST", action, fields, address=f"10.{number}.{n // 250}.{n % 250 + 1}")
            tally.add(status, body)
            if status == 0 and stop is not None and stop.is_set():
                return

    run_readers(readers, work, deadline + 30)


def children_of(pid: int) -> list[int]:
    """The worker processes gunicorn's master forked (read from /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def kill_hard(server) -> None:
    """SIGKILL the master and all its workers at once: no graceful anything."""
    workers = children_of(server.process.pid)
    for pid in [server.process.pid, *workers]:
        os.kill(pid, signal.SIGKILL)
    server.process.wait(10)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)


def _running(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting to be reaped does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False
