"""GET /healthz: what a load balancer polls."""

from __future__ import annotations

import pytest

from blogapp import create_app

from conftest import make_test_config


def test_healthy_site_answers_200_with_json_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "database_url",
    [
        # A SQLite file in a folder that does not exist cannot be opened.
        "sqlite:////nonexistent-folder/blogapp.sqlite3",
        # Nothing listens on port 9 of the loopback address.
        "postgresql+psycopg://blogapp@127.0.0.1:9/blogapp",
    ],
    ids=["sqlite-unopenable", "postgresql-refused"],
)
def test_database_down_answers_503_without_details(database_url, caplog):
    app = create_app(make_test_config(database_url))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert response.headers["Cache-Control"] == "no-store"
    # The reason is logged for the operator, not sent to the client.
    assert "health check: database query failed" in caplog.text
    assert "nonexistent-folder" not in response.get_data(as_text=True)


def test_unmigrated_database_is_unhealthy(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'empty.sqlite3'}"))
    assert app.test_client().get("/healthz").status_code == 503
