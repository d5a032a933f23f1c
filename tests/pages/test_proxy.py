"""Behind nginx: client address, scheme and host from trusted proxies; canonical absolute URLs."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from blogapp.comments.privacy import client_hash
from blogapp.extensions import db
from blogapp.storage.models import Comment
from blogapp.web.addresses import absolute_url_for

COMMENT = {"name": "Ada", "email": "ada@example.org", "body": "Hello from behind a proxy."}


def post_comment(post_form, article, headers):
    url = f"/articles/{article.slug}/"
    return post_form(url, url + "comments", COMMENT, headers=headers)


def stored_client_hash() -> str:
    return db.session.scalars(select(Comment)).one().client_hash



@pytest.mark.parametrize("app_config", [{"TRUSTED_PROXIES": 1}], indirect=True)
def test_one_trusted_proxy_gives_the_real_client_address(app, make, post_form):
    article = make.article()
    # A client may send its own X-Forwarded-For; nginx appends the address it saw.
    response = post_comment(post_form, article, {"X-Forwarded-For": "10.9.9.9, 203.0.113.7"})
    assert response.status_code == 303
    assert stored_client_hash() == client_hash("203.0.113.7", app.config["SECRET_KEY"])


def test_without_trusted_proxies_forwarded_headers_are_ignored(app, make, post_form):
    article = make.article()
    post_comment(post_form, article, {"X-Forwarded-For": "203.0.113.7"})
    assert stored_client_hash() == client_hash("127.0.0.1", app.config["SECRET_KEY"])


@pytest.mark.parametrize(
    "app_config, expected_base",
    [
        ({"TRUSTED_PROXIES": 1, "SERVER_NAME": None}, "https://blog.example.org"),
        ({"SERVER_NAME": None}, "http://localhost"),
    ],
    indirect=["app_config"],
    ids=["trusted", "untrusted"],
)
def test_scheme_and_host_come_only_from_a_trusted_proxy(client, make, expected_base):
    article = make.article()
    page = client.get(
        f"/articles/{article.slug}/",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "blog.example.org"},
    ).get_data(as_text=True)
    assert f'"{expected_base}/articles/{article.slug}/"' in page


@pytest.mark.parametrize(
    "app_config", [{"TRUSTED_PROXIES": 1, "PROXY_FIX_OPTIONS": {"x_for": 2}}], indirect=True
)
def test_per_header_counts_override_the_proxy_count(app, make, post_form):
    article = make.article()
    post_comment(post_form, article, {"X-Forwarded-For": "198.51.100.4, 10.0.0.2"})
    assert stored_client_hash() == client_hash("198.51.100.4", app.config["SECRET_KEY"])


@pytest.mark.parametrize(
    "app_config", [{"CANONICAL_URL": "https://blog.example.org/", "SERVER_NAME": None, "ALLOWED_HOSTS": ["10.0.0.5"]}],
    indirect=True,
)
def test_absolute_urls_use_the_canonical_address_whatever_the_host(client, make):
    article = make.article()
    page = client.get(f"/articles/{article.slug}/", base_url="http://10.0.0.5:5000").get_data(as_text=True)
    assert f'"https://blog.example.org/articles/{article.slug}/"' in page
    assert f'"https://blog.example.org/category/{article.category.slug}/"' in page
    assert "10.0.0.5" not in page


@pytest.mark.parametrize(
    "app_config", [{"CANONICAL_URL": "https://blog.example.org", "SERVER_NAME": None}], indirect=True
)
def test_canonical_urls_can_be_built_outside_a_request(app):
    """For commands and mail: no request, no SERVER_NAME, still the public address."""
    assert absolute_url_for("blog.article", slug="hello") == "https://blog.example.org/articles/hello/"
