"""Comment limits per client address behind proxies, and when Redis is down."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Comment


def comment_count() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def send_comment(post_form, article, body: str, **kwargs):
    url = f"/articles/{article.slug}/"
    return post_form(url, url + "comments", {"name": "Ada", "email": "ada@example.org", "body": body}, **kwargs)


@pytest.mark.parametrize(
    "app_config", [{"COMMENT_RATE_LIMIT": "1 per minute", "TRUSTED_PROXIES": 1}], indirect=True
)
def test_each_client_address_has_its_own_count(make, post_form):
    article = make.article()
    first = {"X-Forwarded-For": "203.0.113.1"}
    second = {"X-Forwarded-For": "203.0.113.2"}
    assert send_comment(post_form, article, "From the first reader", headers=first).status_code == 303
    assert send_comment(post_form, article, "Again from the first", headers=first).status_code == 429
    assert send_comment(post_form, article, "From the second reader", headers=second).status_code == 303


def test_reading_is_not_limited(client, make):
    article = make.article()
    for _ in range(12):
        assert client.get(f"/articles/{article.slug}/").status_code == 200


@pytest.mark.parametrize("app_config", [{"REDIS_URL": "redis://127.0.0.1:9/0"}], indirect=True)
def test_with_redis_down_comments_are_still_accepted_and_limited_per_process(make, post_form):
    article = make.article()
    statuses = [send_comment(post_form, article, f"Comment {n}").status_code for n in range(6)]
    assert statuses == [303] * 5 + [429]
    assert comment_count() == 5

