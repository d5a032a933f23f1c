"""/metrics in one process: who may read it, and what it counts (tests/servers/test_metrics_servers.py: gunicorn)."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from blogapp import create_app
from blogapp.extensions import db
from blogapp.health.checks import blogapp_version
from blogapp.storage.models import Comment, CommentStatus, OutboxMail, Role, utcnow

from conftest import make_test_config

ON = {"METRICS_ENABLED": True}
STRANGER = {"REMOTE_ADDR": "203.0.113.9"}
TOKEN = "scrape-token-0123456789abcdef"


@pytest.fixture
def app_config(request, tmp_path) -> dict:
    """The test's own config, and a content version of its own: suites running beside this one
    commit all the time, and each commit would retire the pages whose hits are counted here."""
    return {**getattr(request, "param", {}), "PAGE_CACHE_VERSION_FILE": str(tmp_path / "content-version")}


def samples(text: str) -> dict[tuple, float]:
    """(sample name, sorted labels) -> value, read with prometheus_client's own parser."""
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def scrape(client) -> dict[tuple, float]:
    response = client.get("/metrics")
    assert response.status_code == 200, response.get_data(as_text=True)
    return samples(response.get_data(as_text=True))


def value(scraped: dict, name: str, **labels) -> float:
    return scraped.get((name, tuple(sorted(labels.items()))), 0.0)


def test_off_by_default_is_a_404(client):
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("app_config", [ON], indirect=True)
def test_loopback_may_read_it_never_cached(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["Cache-Control"] == "no-store"
    scraped = samples(response.get_data(as_text=True))
    assert value(scraped, "blogapp_build_info", version=blogapp_version()) == 1


@pytest.mark.parametrize("app_config", [ON], indirect=True)
def test_other_addresses_get_403_and_no_numbers(client):
    response = client.get("/metrics", environ_overrides=STRANGER)
    assert response.status_code == 403
    assert "METRICS_ALLOWED" in response.get_data(as_text=True)
    assert "blogapp_" not in response.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{**ON, "METRICS_TOKEN": TOKEN}], indirect=True)
def test_a_bearer_token_opens_it_from_anywhere(client):
    assert client.get("/metrics", environ_overrides=STRANGER,
                      headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    for wrong in (None, f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", "Bearer ", TOKEN):
        headers = {"Authorization": wrong} if wrong else {}
        response = client.get("/metrics", environ_overrides=STRANGER, headers=headers)
        assert response.status_code == 401, wrong
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("app_config", [{**ON, "TRUSTED_PROXIES": 1}], indirect=True)
def test_behind_a_proxy_the_real_client_counts_not_the_proxy(client):
    # nginx on the loopback address forwards a stranger's request: refused.
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    assert client.get("/metrics", headers=forwarded).status_code == 403
    assert client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200


@pytest.mark.parametrize("app_config", [{**ON, "TRUSTED_PROXIES": 1, "METRICS_ALLOWED": "10.1.0.0/16, 203.0.113.9"}],
                         indirect=True)
def test_allowed_networks_from_one_string(client):
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200
    assert client.get("/metrics", headers={"X-Forwarded-For": "10.1.200.3"}).status_code == 200
    assert client.get("/metrics", headers={"X-Forwarded-For": "10.2.0.1"}).status_code == 403
    # The loopback address is no longer in the list.
    assert client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403


def test_a_wrong_allowed_entry_stops_the_start(migrated_database):
    with pytest.raises(ValueError, match="METRICS_ALLOWED: 'not-a-network'"):
        create_app(make_test_config(migrated_database, METRICS_ENABLED=True, METRICS_ALLOWED=["not-a-network"]))


@pytest.mark.parametrize("app_config", [ON], indirect=True)
def test_requests_latency_and_page_cache_are_counted(client, make):
    article = make.article(title="Counted")
    path = f"/articles/{article.slug}/"
    before = scrape(client)
    for _ in range(3):
        assert client.get(path).status_code == 200
    assert client.get("/no-such-page").status_code == 404
    after = scrape(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("blogapp_http_requests_total", endpoint="blog.article", status="200") == 3
    assert grew("blogapp_http_requests_total", endpoint="none", status="404") == 1
    assert grew("blogapp_http_request_duration_seconds_count", endpoint="blog.article") == 3
    assert grew("blogapp_http_request_duration_seconds_bucket", endpoint="blog.article", le="+Inf") == 3
    # The first view renders and stores the page; the next two are answered from the cache.
    assert grew("blogapp_page_cache_requests_total", result="miss") == 1
    assert grew("blogapp_page_cache_requests_total", result="hit") == 2
    # The scrape before this one is counted too.
    assert grew("blogapp_http_requests_total", endpoint="metrics.metrics", status="200") == 1


@pytest.mark.parametrize("app_config", [ON], indirect=True)
def test_comments_by_outcome_and_moderation_actions(client, post_form, make, sign_in):
    article = make.article(title="Commented")
    page, action = f"/articles/{article.slug}/", f"/articles/{article.slug}/comments"
    fields = {"name": "Ada", "email": "ada@example.org", "body": "Worth a moderator's look."}
    before = scrape(client)
    assert post_form(page, action, fields).status_code == 303
    assert post_form(page, action, fields).status_code == 409  # the same text again: refused
    assert post_form(page, action, {**fields, "body": ""}).status_code == 400
    client.as_script = True  # no Origin or Sec-Fetch-Site: a script, into Spam
    assert post_form(page, action, {**fields, "body": "From a script."}).status_code == 303
    client.as_script = False
    make.user("mia", Role.MODERATOR)
    sign_in("mia")
    pending = db.session.scalar(select(Comment).where(Comment.status == CommentStatus.PENDING))
    assert post_form("/moderation/?tab=pending", f"/moderation/comments/{pending.id}/approve",
                     {"tab": "pending", "page": "1"}).status_code == 303
    after = scrape(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("blogapp_comments_total", outcome="pending") == 1
    assert grew("blogapp_comments_total", outcome="refused") == 2
    assert grew("blogapp_comments_total", outcome="spam") == 1
    assert grew("blogapp_comments_total", outcome="approved") == 0
    assert grew("blogapp_moderation_actions_total", action="approve") == 1


@pytest.mark.parametrize("app_config", [ON], indirect=True)
def test_outbox_depth_is_read_at_scrape_time(client, app):
    most = app.config["OUTBOX_MAX_ATTEMPTS"]
    for attempts, sent in ((0, False), (0, False), (2, False), (most, False), (1, True)):
        mail = OutboxMail(kind="test", recipients="mod@example.org", message="Subject: x\n\nx", attempts=attempts)
        if sent:
            mail.sent_at = utcnow()
        db.session.add(mail)
    db.session.commit()
    scraped = scrape(client)
    assert value(scraped, "blogapp_outbox_mails", state="waiting") == 2
    assert value(scraped, "blogapp_outbox_mails", state="retrying") == 1
    assert value(scraped, "blogapp_outbox_mails", state="failed") == 1


def test_database_errors_are_counted_and_the_scrape_still_answers(migrated_database, tmp_path):
    counting = create_app(make_test_config(migrated_database, **ON)).test_client()
    before = scrape(counting)
    unmigrated = create_app(make_test_config(f"sqlite:///{tmp_path / 'empty.sqlite3'}", **ON)).test_client()
    assert unmigrated.get("/healthz").status_code == 503
    # Its outbox cannot be counted: the scrape answers without it.
    scraped = scrape(unmigrated)
    assert ("blogapp_outbox_mails", (("state", "waiting"),)) not in scraped
    # The health check's failed query at least (the outbox's is counted as the scrape is written).
    errors = value(scraped, "blogapp_database_errors_total", error="OperationalError")
    assert errors - value(before, "blogapp_database_errors_total", error="OperationalError") >= 1


def test_metrics_without_the_library_stop_the_start_saying_what_to_install(migrated_database, monkeypatch):
    import sys

    # As if prometheus-client were not installed: importing it fails.
    monkeypatch.setitem(sys.modules, "prometheus_client", None)
    with pytest.raises(RuntimeError, match=r"pip install 'blogapp\[metrics\]'"):
        create_app(make_test_config(migrated_database, METRICS_ENABLED=True))


@pytest.mark.parametrize(("config", "line"), [
    ({"METRICS_TOKEN": "short"}, "PROBLEM  metrics: METRICS_TOKEN has 5 characters, under 16"),
    ({"METRICS_ALLOWED": ["10.0.0.0/8", "0.0.0.0/0"]}, "PROBLEM  metrics: METRICS_ALLOWED has 0.0.0.0/0: every client"),
    ({}, "ok       metrics: /metrics for 127.0.0.1/32, ::1/128;"),
    ({"METRICS_TOKEN": TOKEN}, "ok       metrics: /metrics for 127.0.0.1/32, ::1/128 or the bearer token;"),
], ids=["short token", "everyone", "loopback", "token"])
def test_check_config_says_who_may_read_the_metrics(migrated_database, config, line):
    app = create_app(make_test_config(migrated_database, METRICS_ENABLED=True, **config))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["check-config"])
    assert line in result.output, result.output
    if line.startswith("PROBLEM"):
        assert result.exit_code == 1
