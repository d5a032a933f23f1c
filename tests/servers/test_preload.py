"""gunicorn's preload_app: the master builds the app and forks the workers, and nothing it opened crosses the fork.

The master must hold no database or Redis connection and no database file
(a worker would share it with its siblings); each worker's pool starts empty
(gunicorn.conf.py, post_fork). A worker that dies is forked again from the
same master and serves as the first did.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from helpers.servers import TEST_REDIS_URL, Browser, redis_answers, running_servers



def open_files(pid: int) -> list[str]:
    """What the process's file descriptors point at (sockets as socket:[inode])."""
    targets = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            targets.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:  # closed meanwhile
            pass
    return targets


def workers_of(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def tcp_connection_inodes() -> set[str]:
    """Inodes of this machine's TCP sockets that are not listening (LISTEN is state 0A).

    Database and Redis connections are TCP here; gunicorn's own unix socket
    pairs between master and workers are not counted.
    """
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] != "0A":
                inodes.add(fields[9])
    return inodes


@pytest.fixture(scope="module")
def server(migrated_database, tmp_path_factory):
    """One instance with two workers, on the suite's database (and Redis when it answers)."""
    options = {"REDIS_URL": TEST_REDIS_URL} if redis_answers() else {}
    with running_servers(1, migrated_database, tmp_path_factory.mktemp("preload"), **options) as (only,):
        yield only


def serve_some_pages(server) -> None:
    reader = Browser()
    for _ in range(10):
        for path in ("/", "/healthz", "/search?q=privacy"):
            assert reader.get(server.url + path).status in (200, 404), path


def test_the_master_holds_no_connection_and_no_database_file(server, migrated_database):
    serve_some_pages(server)
    master = server.process.pid
    sockets = [t for t in open_files(master) if t.startswith("socket:[")]
    tcp = tcp_connection_inodes()
    connected = [s for s in sockets if s[len("socket:["):-1] in tcp]
    assert connected == [], f"the master holds connections: {connected}"
    database_files = [t for t in open_files(master) if t.endswith((".sqlite3", ".sqlite3-wal", ".sqlite3-shm"))]
    assert database_files == []


def test_a_worker_forked_again_serves_pages(server):
    first = workers_of(server.process.pid)
    os.kill(first[0], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (first[0] in workers_of(server.process.pid)
                                           or len(workers_of(server.process.pid)) < len(first)):
        time.sleep(0.2)
    assert first[0] not in workers_of(server.process.pid)
    # Enough requests that both workers, the new one among them, answer some.
    for _ in range(20):
        assert Browser().get(server.url + "/healthz").status == 200
    assert "Traceback" not in server.log()
