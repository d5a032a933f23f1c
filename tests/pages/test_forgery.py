"""Forms sent from another site are refused by the browser's own signals; signed-in posts need their token."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Comment, CommentStatus

from helpers.accounts import PASSWORD
from helpers.forms import HIDDEN_FIELD

COMMENT = {"name": "Ada", "email": "ada@example.org", "body": "Words I chose to send."}


def _comment_fields(client, article) -> dict:
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    return {**dict(HIDDEN_FIELD.findall(page)), **COMMENT}


def _stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    {"Origin": "https://evil.example"},  # a browser that sends no Sec-Fetch-Site
    {"Origin": "http://blog.test.evil.example", "Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
])
def test_a_comment_sent_from_another_site_is_refused_and_stores_nothing(client, make, headers):
    article = make.article()
    response = client.post(f"/articles/{article.slug}/comments", data=_comment_fields(client, article), headers=headers)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "sent from another site, so nothing was saved" in page
    assert "Words I chose to send." not in page  # a forged post's text is not shown back as ours
    assert _stored() == 0


@pytest.mark.parametrize("headers", [
    {"Origin": "http://blog.test", "Sec-Fetch-Site": "same-origin"},
    {"Origin": "http://blog.test"},  # older browsers: Origin only
    {"Sec-Fetch-Site": "same-origin"},
])
def test_an_anonymous_comment_from_the_sites_own_page_is_accepted_without_a_token(client, make, headers):
    article = make.article()
    fields = _comment_fields(client, article)
    assert "csrf_token" not in fields
    response = client.post(f"/articles/{article.slug}/comments", data=fields, headers=headers)
    assert response.status_code == 303
    assert db.session.scalar(select(Comment.status)) == CommentStatus.PENDING


@pytest.mark.parametrize("app_config", [{"CANONICAL_URL": "https://blog.example.org"}], indirect=True)
def test_the_canonical_origin_counts_as_the_sites_own(client, make, app_config):
    article = make.article()
    response = client.post(f"/articles/{article.slug}/comments", data=_comment_fields(client, article),
                           headers={"Origin": "https://blog.example.org", "Host": "blog.example.org"})
    assert response.status_code == 303


def test_a_script_that_posts_without_browser_headers_goes_to_spam(client, make):
    """What the per-reader render time caught: a bot that loads the form and posts at once."""
    article = make.article()
    fields = _comment_fields(client, article)
    client.as_script = True
    response = client.post(f"/articles/{article.slug}/comments", data=fields)
    assert response.status_code == 303  # a bot hears what a person hears
    comment = db.session.scalars(select(Comment)).one()
    assert comment.status == CommentStatus.SPAM
    assert "Origin and Sec-Fetch-Site" in comment.held_reason


@pytest.mark.parametrize("app_config", [{"COMMENT_MIN_SECONDS": 30}], indirect=True)
def test_a_browser_that_posts_the_moment_a_fresh_page_was_rendered_goes_to_spam(client, make, app_config):
    article = make.article()
    # The page is rendered for this request (nothing cached yet): its time is this reader's.
    response = client.post(f"/articles/{article.slug}/comments", data=_comment_fields(client, article))
    assert response.status_code == 303
    comment = db.session.scalars(select(Comment)).one()
    assert comment.status == CommentStatus.SPAM
    assert "too fast" in comment.held_reason


def test_a_signed_in_comment_without_the_sessions_token_is_refused(client, make, sign_in):
    make.user()
    article = make.article()
    assert sign_in().status_code == 303
    fields = _comment_fields(client, article)
    assert fields.get("csrf_token")  # a signed-in author's page carries it
    del fields["csrf_token"]
    response = client.post(f"/articles/{article.slug}/comments", data=fields)
    assert response.status_code == 400
    assert "Words I chose to send." in response.get_data(as_text=True)  # their text, kept
    assert _stored() == 0


def test_sign_in_from_another_site_is_refused(client, make):
    make.user()
    response = client.post("/auth/login", data={"username": "moderator", "password": PASSWORD},
                           headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_sign_out_needs_the_sessions_token(client, make, sign_in):
    make.user()
    sign_in()
    assert client.post("/auth/logout").status_code == 400
    with client.session_transaction() as session:
        assert "_user_id" in session
