"""Security headers on every response, and the 413 for oversized bodies."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Comment

STRICT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)



@pytest.fixture
def responses(client, make):
    """A page, an error page, a static file, the health check and a form post."""
    article = make.article()
    return {
        "article": client.get(f"/articles/{article.slug}/"),
        "not found": client.get("/no-such-page"),
        "stylesheet": client.get("/static/style.css"),
        "health": client.get("/healthz"),
        "bad form": client.post(f"/articles/{article.slug}/comments", data={}),
    }


def test_strict_content_security_policy_everywhere(responses):
    for name, response in responses.items():
        csp = response.headers.get("Content-Security-Policy")
        assert csp == STRICT_CSP, name
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_nosniff_everywhere(responses):
    for name, response in responses.items():
        assert response.headers.get("X-Content-Type-Options") == "nosniff", name


def test_referrer_policy_same_origin_everywhere(responses):
    for name, response in responses.items():
        assert response.headers.get("Referrer-Policy") == "same-origin", name


def test_no_framing_everywhere(responses):
    for name, response in responses.items():
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], name
        assert response.headers.get("X-Frame-Options") == "DENY", name


def test_no_hsts_when_the_site_is_not_https(responses):
    for name, response in responses.items():
        assert "Strict-Transport-Security" not in response.headers, name


@pytest.mark.parametrize("app_config", [{"CANONICAL_URL": "https://blog.example.org", "SERVER_NAME": "blog.example.org"}],
                         indirect=True)
def test_hsts_when_the_site_is_https(responses):
    assert responses["article"].status_code == 200
    for name, response in responses.items():
        assert response.headers.get("Strict-Transport-Security") == "max-age=31536000", name


def test_an_oversized_comment_gets_a_clear_413_and_stores_nothing(client, make, post_form):
    article = make.article()
    url = f"/articles/{article.slug}/"
    response = post_form(url, url + "comments", {"name": "Ada", "email": "ada@example.org", "body": "x" * 70_000})
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "larger than this site accepts (at most 64 KiB)" in page
    assert "nothing was saved" in page
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_the_longest_allowed_comment_fits_under_the_limit(client, make, post_form):
    """5,000 four-byte characters, percent-encoded as a browser sends them."""
    article = make.article()
    url = f"/articles/{article.slug}/"
    body = "\N{GRINNING FACE}" * 5000
    response = post_form(url, url + "comments", {"name": "Ada", "email": "ada@example.org", "body": body})
    assert response.status_code == 303
    assert db.session.scalar(select(Comment.body_raw)) == body
