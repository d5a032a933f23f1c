"""BLOGAPP_LOG_FORMAT=json: every line gunicorn and blogapp write is one JSON object, with no address in it."""

from __future__ import annotations

import json

import pytest

from blogapp.extensions import db
from blogapp.text.clients import client_hash

from helpers.servers import SERVER_SECRET_KEY, Browser, running_servers

pytestmark = pytest.mark.servers
# The reader's address, as the proxy in front reports it (TRUSTED_PROXIES=1).
READER = "203.0.113.77"
EMAIL = "ada.json-logs@example.org"


def json_lines(text: str) -> list[dict]:
    """Every line of the log, parsed; a line that is not a JSON object fails the test."""
    entries = []
    for line in text.splitlines():
        entry = json.loads(line)
        assert isinstance(entry, dict), line
        entries.append(entry)
    return entries


def test_every_line_is_json_with_the_request_fields_and_no_address(migrated_database, tmp_path, make):
    article = make.article(title="Logged as JSON")
    slug = article.slug
    db.session.commit()
    # Redis configured but away: blogapp logs warnings with tracebacks, which must stay one line each.
    with running_servers(1, migrated_database, tmp_path, workers=2, LOG_FORMAT="json", ACCESS_LOG="-",
                         TRUSTED_PROXIES=1, REDIS_URL="redis://127.0.0.1:9/0") as [server]:
        reader = Browser({"X-Forwarded-For": READER})
        assert reader.get(f"{server.url}/articles/{slug}/", headers={"X-Request-ID": "probe-1"}).status == 200
        assert reader.get(f"{server.url}/no-such-page").status == 404
        posted = reader.post_form(f"{server.url}/articles/{slug}/", f"{server.url}/articles/{slug}/comments",
                                  {"name": "Ada", "email": EMAIL, "body": "Logged, but not my address."})
        assert posted.status == 200
        assert reader.get(f"{server.url}/readyz").status == 503
    log = server.log()
    entries = json_lines(log)
    assert READER not in log and EMAIL not in log
    for entry in entries:
        assert {"time", "level", "logger", "message"} <= entry.keys(), entry
        assert entry["time"].endswith("Z")
    loggers = {entry["logger"] for entry in entries}
    # gunicorn's own lines (start, workers) and its access lines, blogapp's request lines and others.
    assert {"gunicorn.error", "gunicorn.access", "blogapp.request", "blogapp.health"} <= loggers, loggers
    [line] = [e for e in entries if e["logger"] == "blogapp.request" and e.get("request_id") == "probe-1"]
    assert (line["method"], line["path"], line["status"]) == ("GET", f"/articles/{slug}/", 200)
    assert isinstance(line["duration_ms"], float) and line["level"] == "INFO"
    # The keyed hash comments keep, so a line can be matched with the queue's.
    assert line["client_hash"] == client_hash(READER, SERVER_SECRET_KEY)
    [access] = [e for e in entries if e["logger"] == "gunicorn.access" and e.get("request_id") == "probe-1"]
    assert (access["method"], access["path"], access["status"]) == ("GET", f"/articles/{slug}/", 200)
    assert "client_hash" not in access
    assert any(e["level"] == "WARNING" and e["logger"] == "blogapp.health" for e in entries)


def test_the_default_stays_the_plain_line(migrated_database, tmp_path):
    with running_servers(1, migrated_database, tmp_path, workers=1) as [server]:
        Browser().get(f"{server.url}/no-such-page", headers={"X-Request-ID": "plain-1"})
    [line] = [line for line in server.log().splitlines() if "[plain-1]" in line]
    assert line.endswith("ms") and "INFO blogapp.request [plain-1] GET /no-such-page 404 " in line
    assert not line.startswith("{")
