"""The reader's comment form: every validation rule, CSRF, and what gets stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import ArticleStatus, Comment, CommentStatus, utcnow


@pytest.fixture
def article(make):
    return make.article(slug="open-article", title="Open article")


def stored_comments() -> list[Comment]:
    return list(db.session.scalars(select(Comment).order_by(Comment.id)))


def test_a_valid_comment_is_pending_and_redirects_back_to_it(post_comment, article):
    response = post_comment(article, name="Ada", email="ada@example.org", website="https://ada.example", body="Hello there")
    [comment] = stored_comments()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/articles/open-article/#comment-{comment.id}")
    assert comment.status == CommentStatus.PENDING
    assert (comment.author_name, comment.author_email, comment.author_url) == ("Ada", "ada@example.org", "https://ada.example")
    assert comment.body_raw == "Hello there"
    assert comment.body_html == "<p>Hello there</p>"


def test_only_the_author_sees_their_pending_comment(app, client, post_comment, article):
    post_comment(article, body="Mine, for now")
    own_view = client.get("/articles/open-article/").get_data(as_text=True)
    assert "Mine, for now" in own_view
    assert "Your comment is awaiting moderation." in own_view
    stranger_view = app.test_client().get("/articles/open-article/").get_data(as_text=True)
    assert "Mine, for now" not in stranger_view


def test_the_comment_is_stored_cleaned_and_the_raw_text_kept(post_comment, article):
    hostile = '<script>steal()</script><a href="javascript:alert(1)" onclick="x()">click</a> <b>bold'
    post_comment(article, body=hostile)
    [comment] = stored_comments()
    assert comment.body_raw == hostile
    assert "<script" not in comment.body_html and "javascript:" not in comment.body_html
    assert "onclick" not in comment.body_html
    assert "click" in comment.body_html and "bold" in comment.body_html


INVALID = [
    pytest.param({"name": ""}, "Please give a name.", id="name missing"),
    pytest.param({"name": "x" * 81}, "Field cannot be longer than 80 characters.", id="name too long"),
    pytest.param({"email": ""}, "Please give an email address; it is never shown.", id="email missing"),
    pytest.param({"email": "not-an-address"}, "That email address is not valid", id="email invalid"),
    pytest.param({"website": "javascript:alert(1)"}, "A website must be an http:// or https:// address", id="website javascript"),
    pytest.param({"website": "ftp://files.example"}, "A website must be an http:// or https:// address", id="website ftp"),
    pytest.param({"website": "https://" + "a" * 300 + ".example"}, "Field cannot be longer than 300 characters.", id="website too long"),
    pytest.param({"body": ""}, "Please write a comment.", id="body missing"),
    pytest.param({"body": "x" * 5001}, "Comments can be at most 5,000 characters; this one has 5,001.", id="body too long"),
]


@pytest.mark.parametrize(("fields", "message"), INVALID)
def test_invalid_input_is_refused_with_the_reason_and_the_text_kept(post_comment, article, fields, message):
    data = {"name": "Ada", "email": "ada@example.org", "body": "Keep this text, please.", **fields}
    response = post_comment(article, **data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "Your comment was not sent." in page
    if data["body"] and len(data["body"]) < 100:
        assert data["body"] in page, "the reader's text must survive the error"
    assert stored_comments() == []



@pytest.mark.parametrize("app_config", [{"COMMENT_EMAIL_REQUIRED": False}], indirect=True)
def test_email_can_be_made_optional(post_comment, article):
    assert post_comment(article, email="").status_code == 303
    assert stored_comments()[0].author_email == ""


def test_a_5000_character_comment_is_accepted(post_comment, article):
    assert post_comment(article, body="é" * 5000).status_code == 303


def test_a_filled_honeypot_is_accepted_silently_and_stored_as_spam(post_comment, article):
    response = post_comment(article, homepage="http://spam.example", body="Cheap watches")
    assert response.status_code == 303
    [comment] = stored_comments()
    assert comment.status == CommentStatus.SPAM


def test_closed_articles_refuse_comments(make, post_form, article):
    make.article(slug="closed", comments_open=False)
    fields = {"name": "A", "email": "a@example.org", "body": "Too late"}
    response = post_form("/articles/open-article/", "/articles/closed/comments", fields)
    assert response.status_code == 403
    assert "Too late" in response.get_data(as_text=True)
    assert stored_comments() == []


@pytest.mark.parametrize("slug", ["draft", "scheduled", "no-such-article"])
def test_only_published_articles_can_be_commented_on(client, make, post_form, slug):
    make.article(slug="visible")
    make.article(slug="draft", status=ArticleStatus.DRAFT)
    make.article(slug="scheduled", published_at=utcnow() + timedelta(days=1))
    response = post_form("/articles/visible/", f"/articles/{slug}/comments", {"name": "A", "email": "a@example.org", "body": "x"})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_get_on_the_posting_address_is_method_not_allowed(client, article):
    response = client.get("/articles/open-article/comments")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
