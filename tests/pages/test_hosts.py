"""With CANONICAL_URL set, the site answers only its own host names (and /healthz any)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Comment

from helpers.forms import HIDDEN_FIELD

# Requests go to http://blog.example.org (SERVER_NAME), one of the site's names.
SITE = {"CANONICAL_URL": "https://blog.example.org", "SERVER_NAME": "blog.example.org",
        "ALLOWED_HOSTS": ["www.blog.example.org"]}
REFUSED = "This site does not answer to the host name this request was sent to"


@pytest.fixture
def app_config(request):
    return {**SITE, **getattr(request, "param", {})}


def send_comment(client, article, headers: dict):
    """A comment, from a form loaded on the site, sent with ``headers``;
    the session cookie goes along whatever the host, as a forger's would."""
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    if "Host" in headers:
        session = client.get_cookie("session", domain="blog.example.org")
        if session is not None:
            client.set_cookie("session", session.value, domain=headers["Host"].partition(":")[0].lower())
    data = {"name": "Eve", "email": "eve@example.org", "body": "Please review this.", **dict(HIDDEN_FIELD.findall(page))}
    return client.post(f"/articles/{article.slug}/comments", data=data, headers=headers)


def stored_comments() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


@pytest.mark.parametrize(
    "app_config, headers",
    [({}, {"Host": "evil.example"}), ({"TRUSTED_PROXIES": 1}, {"X-Forwarded-Host": "evil.example"})],
    indirect=["app_config"], ids=["Host", "X-Forwarded-Host"],
)
def test_a_comment_sent_for_another_host_is_refused_and_not_stored(client, make, headers):
    response = send_comment(client, make.article(), headers)
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)
    assert "https://blog.example.org" in response.get_data(as_text=True)
    assert stored_comments() == 0


@pytest.mark.parametrize("host", ["blog.example.org", "BLOG.Example.ORG:8443", "www.blog.example.org", "blog.example.org."])
def test_the_sites_own_names_are_answered_whatever_case_or_port(client, make, host):
    response = send_comment(client, make.article(), {"Host": host})
    assert response.status_code == 303
    assert stored_comments() == 1


@pytest.mark.parametrize("host", ["evil.example", "blog.example.org.evil.example", "10.0.0.5:5000", "[::1]:5000"])
def test_every_page_for_another_host_is_a_400(client, make, host):
    article = make.article()
    for url in ("/", f"/articles/{article.slug}/", "/feed.atom", "/sitemap.xml", "/nothing-here"):
        response = client.get(url, headers={"Host": host})
        assert response.status_code == 400, (url, host)
        assert REFUSED in response.get_data(as_text=True)


def test_a_cached_page_is_not_served_to_another_host(client, make):
    """The page cache's fast path answers before Flask: it asks the host check too."""
    article = make.article()
    url = f"/articles/{article.slug}/"
    assert [client.get(url).headers["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    refused = client.get(url, headers={"Host": "evil.example"})
    assert refused.status_code == 400 and "X-Page-Cache" not in refused.headers


@pytest.mark.parametrize("host", ["10.0.0.11:5000", "evil.example"])
def test_health_answers_on_any_host(client, host):
    response = client.get("/healthz", headers={"Host": host})
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


@pytest.mark.parametrize("app_config", [{"ALLOWED_HOSTS": "www.blog.example.org, blog.example.net"}], indirect=True)
def test_extra_names_may_come_from_the_environment_as_a_list_in_a_string(client):
    assert client.get("/", headers={"Host": "blog.example.net"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize(
    "app_config", [{"CANONICAL_URL": "http://[2001:db8::1]:8080", "ALLOWED_HOSTS": ["[::1]", "Blog.Example.org:8443"]}],
    indirect=True,
)
def test_addresses_and_extra_names_are_compared_without_brackets_case_or_port(client):
    for host in ("[2001:db8::1]", "[2001:DB8::1]:80", "[::1]:5000", "blog.example.org"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    assert client.get("/", headers={"Host": "[::2]:8080"}).status_code == 400
