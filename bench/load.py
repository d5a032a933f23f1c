"""Load generators: wrk (Debian's package) when present, else a small Python one.

Each run is bounded in time and sends only to 127.0.0.1. Results: requests
per second, latency percentiles in milliseconds, and errors (failed
connections and answers other than 2xx/3xx).
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# wrk calls done() once at the end: print what we need as one JSON line.
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests": %d, "seconds": %f, "errors": %d, "p50": %f, "p99": %f}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


@dataclass
class Result:
    requests: int
    seconds: float
    errors: int
    p50: float
    p99: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def combined(results: list[Result]) -> Result:
    """Several runs as one: requests over time, the median round's latencies."""
    middle = sorted(results, key=lambda r: r.p50)[len(results) // 2]
    p99 = sorted(r.p99 for r in results)[len(results) // 2]
    return Result(sum(r.requests for r in results), sum(r.seconds for r in results),
                  sum(r.errors for r in results), middle.p50, p99)


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run(url: str, seconds: float, connections: int = 32, headers: dict | None = None,
        lua: str = "", threads: int = 2) -> Result:
    """Load ``url`` for ``seconds`` with ``connections`` open connections."""
    if have_wrk():
        return _wrk(url, seconds, connections, headers or {}, lua, threads)
    if lua:
        raise RuntimeError("this scenario needs wrk: apt-get install wrk")
    return _python(url, seconds, min(connections, 8), headers or {})


def _wrk(url, seconds, connections, headers, lua, threads) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua + REPORT_LUA)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script.name]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    Path(script.name).unlink()
    line = next(text for text in output.splitlines() if text.startswith("BENCH "))
    return Result(**json.loads(line[6:]))


def _python(url, seconds, connections, headers) -> Result:
    """Threads with keep-alive connections: far slower than wrk, but the same ratios matter."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            latencies.append((time.perf_counter() - started) * 1000)

    workers = [threading.Thread(target=client) for _ in range(connections)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0.0
    return Result(len(latencies), time.monotonic() - started, errors[0],
                  statistics.median(latencies) if latencies else 0.0, p99)


def latency_p50(urls: list[str], rounds: int = 3) -> float:
    """Median milliseconds of one request at a time over ``urls`` (no concurrency)."""
    timings = []
    for _ in range(rounds):
        for url in urls:
            parts = urlsplit(url)
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            started = time.perf_counter()
            connection.request("GET", parts.path + "?" + parts.query)
            connection.getresponse().read()
            timings.append((time.perf_counter() - started) * 1000)
            connection.close()
    return statistics.median(timings)
