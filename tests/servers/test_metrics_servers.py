"""/metrics through gunicorn with several workers: every worker's counts add up, whoever answers the scrape."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from prometheus_client.parser import text_string_to_metric_families

from blogapp.extensions import db
from helpers.servers import REPOSITORY, Browser, running_servers

pytestmark = pytest.mark.servers
PAGE_VIEWS = 40


def scrape(url: str) -> dict[tuple, float]:
    page = Browser().get(url + "/metrics")
    assert page.status == 200, page.text
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(page.text) for sample in family.samples}


def value(scraped: dict, name: str, **labels) -> float:
    return scraped.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def article_slug(make) -> str:
    slug = make.article(title="Counted across workers").slug
    # End this process's transaction (reading the slug began one): SQLite would hold the servers' writes back.
    db.session.commit()
    return slug


@pytest.mark.parametrize("restarts", [False, True], ids=["steady", "workers-restarting"])
def test_counts_add_up_across_workers(migrated_database, tmp_path, article_slug, monkeypatch, restarts):
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    # A stale file of an earlier run: gunicorn.conf.py empties the directory at start.
    (metrics_dir / "counter_999999.db").write_bytes(b"\0" * 16)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(metrics_dir))
    if restarts:  # each worker is replaced after a few requests: the dead ones' counts must stay
        monkeypatch.setenv("GUNICORN_CMD_ARGS", "--max-requests 7 --max-requests-jitter 0")
    with running_servers(1, migrated_database, tmp_path, workers=3, METRICS_ENABLED=True) as [server]:
        article = f"{server.url}/articles/{article_slug}/"
        for _ in range(PAGE_VIEWS):
            assert Browser().get(article).status == 200
        for number in range(3):
            posted = Browser().post_form(article, article + "comments",
                                         {"name": "Ada", "email": "ada@example.org", "body": f"Comment {number}"})
            assert posted.status == 200, server.log()
        # Whichever worker answers, the scrape shows every worker's counts.
        for _ in range(4):
            scraped = scrape(server.url)
            assert value(scraped, "blogapp_http_requests_total", endpoint="blog.article", status="200") \
                == PAGE_VIEWS + 2 * 3  # the views, and each post's form page and page after
            assert value(scraped, "blogapp_http_request_duration_seconds_count", endpoint="blog.article") \
                == PAGE_VIEWS + 6
            assert value(scraped, "blogapp_comments_total", outcome="pending") == 3
            cache = {result: value(scraped, "blogapp_page_cache_requests_total", result=result)
                     for result in ("hit", "miss", "bypass")}
            # The page after each post is the reader's own (their comment awaits moderation): not cached.
            assert cache["bypass"] == 3 and cache["hit"] + cache["miss"] == PAGE_VIEWS + 3 and cache["hit"] > 0
    files = os.listdir(metrics_dir)
    assert "counter_999999.db" not in files
    writers = {re.search(r"_(\d+)\.db$", name).group(1) for name in files if name.startswith("counter_")}
    assert len(writers) >= 2, files


def test_without_a_directory_named_gunicorn_makes_one(migrated_database, tmp_path, article_slug, monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    with running_servers(1, migrated_database, tmp_path, workers=2, METRICS_ENABLED=True) as [server]:
        for _ in range(10):
            Browser().get(f"{server.url}/articles/{article_slug}/")
        for _ in range(3):
            assert value(scrape(server.url), "blogapp_http_requests_total", endpoint="blog.article",
                         status="200") == 10
    assert "PROMETHEUS_MULTIPROC_DIR is not set" not in server.log()


def test_a_serving_worker_never_loads_prometheus_client_while_metrics_are_off(tmp_path):
    database = tmp_path / "site.sqlite3"
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLOGAPP_")}
    env.update(BLOGAPP_SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", BLOGAPP_INSTANCE_PATH=str(tmp_path),
               BLOGAPP_SECRET_KEY="metrics-off-test-key-0123456789abcdef", BLOGAPP_CANONICAL_URL="http://localhost")
    upgrade = subprocess.run([sys.executable, "-m", "flask", "--app", "blogapp", "db", "upgrade"], cwd=REPOSITORY,
                             env=env, capture_output=True, text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    serve = ("import sys, wsgi\nclient = wsgi.app.test_client()\n"
             "assert client.get('/').status_code == 200\nassert client.get('/metrics').status_code == 404\n"
             "print('prometheus_client' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", serve], cwd=REPOSITORY, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_outbox_is_read_by_whichever_worker_answers(migrated_database, tmp_path, article_slug):
    # The outbox is empty: every state reads 0, from every worker.
    with running_servers(1, migrated_database, tmp_path, workers=2, METRICS_ENABLED=True) as [server]:
        for _ in range(3):
            scraped = scrape(server.url)
            assert {state: value(scraped, "blogapp_outbox_mails", state=state)
                    for state in ("waiting", "retrying", "failed")} == {"waiting": 0, "retrying": 0, "failed": 0}
