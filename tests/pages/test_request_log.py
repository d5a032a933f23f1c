"""One log line per request, tagged with a request id; tracebacks in the log only."""

from __future__ import annotations

import io
import logging
import re
from urllib.parse import quote

import pytest

from blogapp import create_app

from conftest import make_test_config

REQUEST_LINE = re.compile(r"^(GET|POST) (\S+) (\d{3}) (\d+\.\d)ms$")


def request_lines(caplog) -> list[tuple[str, str]]:
    """(request id, message) for each per-request line logged."""
    return [
        (record.request_id, record.getMessage())
        for record in caplog.records
        if record.name == "blogapp.request"
    ]


def test_a_sane_request_id_is_kept_and_echoed(client, caplog):
    caplog.set_level(logging.INFO, logger="blogapp")
    response = client.get("/", headers={"X-Request-ID": "nginx-7f3a9c01"})
    assert response.headers["X-Request-ID"] == "nginx-7f3a9c01"
    [(request_id, message)] = request_lines(caplog)
    assert request_id == "nginx-7f3a9c01"
    method, path, status, _duration = REQUEST_LINE.match(message).groups()
    assert (method, path, status) == ("GET", "/", "200")


@pytest.mark.parametrize(
    "offered",
    ["", "has spaces", "x" * 200, "<script>", "-leading-dash", "ok\nforged line", "ok\x1b[2K", "ok\r"],
    ids=["empty", "spaces", "long", "markup", "dash", "newline", "escape", "return"],
)
def test_an_odd_request_id_is_replaced_by_a_new_one(client, caplog, offered):
    caplog.set_level(logging.INFO, logger="blogapp")
    # Through the environ: the test client refuses to send a header with a line break, a proxy may not.
    response = client.get("/no-such-page", environ_overrides={"HTTP_X_REQUEST_ID": offered})
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    [(logged_id, message)] = request_lines(caplog)
    assert logged_id == request_id
    assert message.startswith("GET /no-such-page 404 ")


def test_each_request_gets_its_own_id(client):
    first = client.get("/").headers["X-Request-ID"]
    second = client.get("/").headers["X-Request-ID"]
    assert first != second


def test_health_checks_are_logged_only_at_debug_level(client, caplog):
    caplog.set_level(logging.INFO, logger="blogapp")
    client.get("/healthz")
    assert request_lines(caplog) == []


@pytest.fixture
def log_output(app):
    """What blogapp's own log handler writes (its format and filters), as an operator reads it."""
    [handler] = [h for h in logging.getLogger("blogapp").handlers if getattr(h, "blogapp", False)]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


# A whole request line, as an attacker would put it after a decoded %0a.
FORGED = "2026-12-02 10:00:00,000 INFO blogapp.request [forged] POST /auth/login 303 1.0ms"


def test_control_characters_in_the_path_are_escaped_on_one_line(client, log_output):
    response = client.get(f"/nothing%0a{quote(FORGED)}%0d%1b[2K", headers={"X-Request-ID": "forge-me"})
    assert response.status_code == 404
    output = log_output.getvalue()
    assert output.count("\n") == 1 and output.endswith("\n"), output
    assert "\r" not in output and "\x1b" not in output
    assert f"[forge-me] GET /nothing\\n{FORGED}\\r\\x1b[2K 404 " in output


@pytest.fixture
def failing_app(migrated_database):
    """A site where one page raises, served as in production (no exception propagation)."""
    app = create_app(make_test_config(migrated_database, PROPAGATE_EXCEPTIONS=False))

    def broken_page():
        raise ZeroDivisionError("the secret internals of a bug")

    app.add_url_rule("/broken", view_func=broken_page)
    app.add_url_rule("/broken/<rest>", view_func=lambda rest: broken_page())
    return app


def test_an_error_logged_for_an_odd_path_forges_no_line(failing_app, log_output):
    """Flask's "Exception on <path>" line is escaped too; the traceback below it keeps its lines."""
    forged = "2026-12-02 10:00:00,000 CRITICAL blogapp [forged] the disk is full"
    response = failing_app.test_client().get(f"/broken/x%0a{quote(forged)}")
    assert response.status_code == 500
    lines = log_output.getvalue().splitlines()
    assert any(f"Exception on /broken/x\\n{forged} [GET]" in line for line in lines), lines
    assert "Traceback (most recent call last):" in lines and not any(line.startswith(forged) for line in lines)


def test_tracebacks_go_to_the_log_not_to_the_reader(failing_app, caplog):
    response = failing_app.test_client().get("/broken", headers={"X-Request-ID": "trace-me"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "ZeroDivisionError" not in body and "secret internals" not in body
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and errors[0].exc_info[0] is ZeroDivisionError
    assert errors[0].request_id == "trace-me"
    [(logged_id, message)] = request_lines(caplog)
    assert logged_id == "trace-me"
    assert message.startswith("GET /broken 500 ")


def test_log_level_comes_from_config(migrated_database):
    create_app(make_test_config(migrated_database, LOG_LEVEL="warning"))
    assert logging.getLogger("blogapp").level == logging.WARNING
    create_app(make_test_config(migrated_database))
    assert logging.getLogger("blogapp").level == logging.INFO


def test_an_unknown_log_level_stops_the_app_with_a_clear_message(migrated_database):
    with pytest.raises(ValueError, match="LOG_LEVEL must be"):
        create_app(make_test_config(migrated_database, LOG_LEVEL="chatty"))


def test_each_line_carries_its_own_time():
    from blogapp.web.requestlog import LOG_FORMAT, LineFormatter

    formatter, standard = LineFormatter(LOG_FORMAT), logging.Formatter(LOG_FORMAT)
    for created in (1_764_300_000.25, 1_764_300_000.75, 1_764_300_001.5, 1_764_299_999.0, 1_764_386_400.0):
        record = logging.LogRecord("blogapp.request", logging.INFO, __file__, 1, "GET / 200", None, None)
        record.created, record.msecs, record.request_id = created, (created % 1) * 1000, "abc"
        assert formatter.format(record) == standard.format(record)
