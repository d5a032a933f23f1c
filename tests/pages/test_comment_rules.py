"""Each moderation rule, through the real comment form, with its stored reason."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from blogapp.comments.privacy import client_hash
from blogapp.extensions import db
from blogapp.storage.models import Comment, CommentStatus, Role, utcnow
from blogapp.web.render_time import seconds_since_render, sign_render_time


@pytest.fixture
def article(make):
    return make.article(title="Rules")


def stored() -> list[tuple[CommentStatus, str]]:
    db.session.expire_all()
    return [(c.status, c.held_reason) for c in db.session.scalars(select(Comment).order_by(Comment.id))]


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_an_ordinary_comment_is_held_with_its_reason(post_comment, article):
    response = post_comment(article)
    assert response.status_code == 303
    assert stored() == [(CommentStatus.PENDING, "new comments wait for a moderator")]


def test_too_many_links_are_held(post_comment, article):
    post_comment(article, body="See https://a.example.org and https://b.example.org")
    post_comment(article, body="https://a.example.org https://b.example.org https://c.example.org")
    assert stored() == [
        (CommentStatus.PENDING, "new comments wait for a moderator"),
        (CommentStatus.PENDING, "has 3 links (more than 2)"),
    ]


def test_moderation_words_hold_a_comment(app, post_comment, article):
    app.config["COMMENT_MODERATION_WORDS"] = ["Casino"]
    post_comment(article, name="Casino Joe")
    assert stored() == [(CommentStatus.PENDING, "contains the moderation word 'casino'")]


def test_filled_honeypot_is_spam_but_the_reader_hears_the_same(client, post_comment, article):
    response = post_comment(article, homepage="http://bot.example.org")
    assert stored() == [(CommentStatus.SPAM, "hidden honeypot field was filled")]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your comment is awaiting moderation." in page
    assert "A thoughtful comment." not in page


@pytest.mark.parametrize(
    "setting,values,fields,reason",
    [
        ("COMMENT_BLOCKED_WORDS", ["pills"], {"body": "Cheap PILLS here"}, "contains the blocked word 'pills'"),
        ("COMMENT_BLOCKED_EMAILS", ["bad@example.org"], {"email": "bad@example.org"}, "email address is on the block list (bad@example.org)"),
        ("COMMENT_BLOCKED_EMAILS", ["@example.net"], {"email": "x@example.net"}, "email address is on the block list (@example.net)"),
        ("COMMENT_BLOCKED_URLS", ["spam.example.org"], {"website": "https://spam.example.org/"}, "links to a blocked address (spam.example.org)"),
        ("COMMENT_BLOCKED_URLS", ["spam.example.org"], {"body": "go to http://spam.example.org/x"}, "links to a blocked address (spam.example.org)"),
    ],
)
def test_block_list_sends_to_spam(app, post_comment, article, setting, values, fields, reason):
    app.config[setting] = values
    post_comment(article, **fields)
    assert stored() == [(CommentStatus.SPAM, reason)]


def test_blocked_client_hash_sends_to_spam(app, post_comment, article):
    # The queue shows each comment's client hash; the test client comes from 127.0.0.1.
    app.config["COMMENT_BLOCKED_CLIENTS"] = [client_hash("127.0.0.1", app.config["SECRET_KEY"])]
    post_comment(article)
    assert stored() == [(CommentStatus.SPAM, "sent from a blocked client")]


def test_too_fast_after_rendering_is_spam(app, post_comment, article):
    app.config["COMMENT_MIN_SECONDS"] = 3
    post_comment(article, body="Instant")
    post_comment(article, body="Read first", rendered=sign_render_time(now=time.time() - 5))
    post_comment(article, body="Forged", rendered="MTAwMA.forged")
    post_comment(article, body="Stripped", rendered="")
    reasons = stored()
    assert reasons[0][0] == CommentStatus.SPAM and reasons[0][1].endswith("(too fast)")
    assert reasons[1] == (CommentStatus.PENDING, "new comments wait for a moderator")
    assert reasons[2:] == [(CommentStatus.SPAM, "the form's signed timestamp was missing or forged")] * 2


def test_a_form_error_keeps_the_original_render_time(app, client, post_comment, article):
    app.config["COMMENT_MIN_SECONDS"] = 3
    old = sign_render_time(now=time.time() - 10)
    response = post_comment(article, name="", rendered=old)
    assert response.status_code == 400
    assert f'value="{old}"' in response.get_data(as_text=True)


@pytest.mark.parametrize("auto_approve,expected", [(False, CommentStatus.PENDING), (True, CommentStatus.APPROVED)])
def test_known_authors_are_approved_only_when_configured(app, make, post_comment, article, auto_approve, expected):
    app.config["COMMENT_AUTO_APPROVE_KNOWN_AUTHORS"] = auto_approve
    make.comment(article, "Earlier", author_email="ana@example.org", status=CommentStatus.APPROVED)
    post_comment(article, email="ana@example.org", body="Again")
    post_comment(article, email="new@example.org", body="First time")
    assert [s for s, _ in stored()[1:]] == [expected, CommentStatus.PENDING]


def test_an_exact_duplicate_is_rejected_and_the_text_kept(post_comment, article):
    post_comment(article, body="Same words")
    response = post_comment(article, body="Same words")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "You have already posted this comment here; it was not sent again." in page
    assert "Same words</textarea>" in page
    assert comment_count() == 1


def test_a_duplicate_is_refused_whatever_became_of_the_first_and_only_on_its_article(post_comment, make, article):
    for status in (CommentStatus.APPROVED, CommentStatus.SPAM, CommentStatus.TRASH):
        make.comment(article, f"Posted once, now {status.value}.", status=status)
        assert post_comment(article, body=f"Posted once, now {status.value}.").status_code == 409
    elsewhere = make.article(title="Elsewhere")
    assert post_comment(elsewhere, body="Posted once, now spam.").status_code == 303
    assert post_comment(article, body="Posted once, now spam!").status_code == 303


def test_closed_article_shows_no_form_and_refuses_posts(client, make, post_comment, post_form):
    article = make.article()
    article.comments_open = False
    db.session.commit()
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert "Comments are closed." in page and 'id="comment-form"' not in page
    response = client.post(f"/articles/{article.slug}/comments",
                           data={"name": "A", "email": "a@example.org", "body": "Too late"})
    assert response.status_code == 403
    assert "Comments are closed on this article" in response.get_data(as_text=True)
    assert "Too late</textarea>" in response.get_data(as_text=True)
    assert comment_count() == 0


def test_comments_close_after_the_configured_age(app, client, make, post_comment):
    # The setting changes while the app runs (a deployment restarts, which
    # starts with fresh cached pages), so the page cache is off here.
    app.config["PAGE_CACHE_ENABLED"] = False
    old = make.article(published_at=utcnow() - timedelta(days=40))
    recent = make.article(published_at=utcnow() - timedelta(days=5))
    assert 'id="comment-form"' in client.get(f"/articles/{old.slug}/").get_data(as_text=True)
    app.config["COMMENTS_CLOSE_AFTER_DAYS"] = 30
    assert "Comments are closed." in client.get(f"/articles/{old.slug}/").get_data(as_text=True)
    assert post_comment(recent).status_code == 303
    assert comment_count() == 1


def test_a_signed_in_moderator_comments_as_staff(client, make, sign_in, post_comment, article):
    make.user("mia", Role.MODERATOR)
    sign_in("mia")
    response = post_comment(article, name="Mia", body="Welcome, everyone.")
    assert response.status_code == 303
    comment = db.session.scalar(select(Comment))
    assert (comment.status, comment.from_staff, comment.held_reason) == (CommentStatus.APPROVED, True, "")
    assert "Thank you! Your comment is published." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_render_time_never_lies_ahead(app):
    """A page shown at once must not count as shown in the future (the "too fast" rule reads it)."""
    for shown in (1_764_300_000.0004, 1_764_300_000.4996, 1_764_300_000.9996):
        assert seconds_since_render(sign_render_time(now=shown), now=shown) >= 0
