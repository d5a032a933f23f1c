"""Each category's own comment rules: how much it holds, when it closes, how many links it allows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import Category, Comment, CommentStatus, Premoderation, Role, utcnow

from helpers.accounts import browser_signed_in
from helpers.forms import csrf_token_from

PENDING, APPROVED, SPAM = CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.SPAM


def article_in(make, mode: Premoderation = Premoderation.ALL, **fields):
    category = make.category(premoderation=mode, **{k: fields.pop(k) for k in list(fields) if k.startswith("comm")})
    return make.article(category=category, **fields)


def last_comment() -> tuple[CommentStatus, str]:
    comment = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    found = (comment.status, comment.held_reason)
    db.session.rollback()
    return found


def test_hold_every_comment_is_the_default(make, post_comment):
    article = make.article()
    assert article.category.premoderation == Premoderation.ALL
    post_comment(article)
    assert last_comment() == (PENDING, "new comments wait for a moderator")


def test_first_time_commenters_wait_and_known_addresses_are_published(make, post_comment):
    article = article_in(make, Premoderation.FIRST_TIME)
    post_comment(article, body="My first words here")
    assert last_comment() == (PENDING, "a first comment from this address waits for a moderator")
    make.comment(article, "Approved earlier", author_email="known@example.org", status=APPROVED)
    post_comment(article, email="known@example.org", body="Known, so published")
    assert last_comment() == (APPROVED, "")
    # Still subject to the spam rules and the hold rules.
    post_comment(article, email="known@example.org", body="Known, but a bot filled the honeypot",
                 homepage="http://bot.example.org/")
    assert last_comment() == (SPAM, "hidden honeypot field was filled")


def test_only_comments_with_links_wait(make, post_comment):
    article = article_in(make, Premoderation.LINKS)
    post_comment(article, body="No links at all")
    assert last_comment() == (APPROVED, "")
    post_comment(article, body="One link: https://example.org/page")
    assert last_comment() == (PENDING, "comments with links wait for a moderator")
    post_comment(article, body="A website given", website="https://example.org/")
    assert last_comment() == (PENDING, "comments with links wait for a moderator")


@pytest.mark.parametrize("app_config", [{"COMMENT_MODERATION_WORDS": ["refund"], "COMMENT_BLOCKED_WORDS": ["casino"]}],
                         indirect=True)
def test_publish_unless_spam_still_holds_and_blocks_by_the_rules(make, post_comment):
    article = article_in(make, Premoderation.NONE)
    post_comment(article, body="Published at once")
    assert last_comment() == (APPROVED, "")
    assert "Published at once" in make_page(article)
    post_comment(article, body="I want a refund")
    assert last_comment() == (PENDING, "contains the moderation word 'refund'")
    post_comment(article, body="Visit the casino")
    assert last_comment() == (SPAM, "contains the blocked word 'casino'")


def make_page(article) -> str:
    from flask import current_app

    return current_app.test_client().get(f"/articles/{article.slug}/").get_data(as_text=True)


def test_a_category_link_limit_replaces_the_global_one(make, post_comment):
    strict = article_in(make, Premoderation.NONE, comment_max_links=0)
    post_comment(strict, body="Just one: https://example.org/")
    assert last_comment() == (PENDING, "has 1 links (more than 0)")
    relaxed = article_in(make, Premoderation.NONE, comment_max_links=5)
    post_comment(relaxed, body="https://a.example.org https://b.example.org https://c.example.org")
    assert last_comment() == (APPROVED, "")


@pytest.mark.parametrize("app_config", [{"COMMENTS_CLOSE_AFTER_DAYS": 5}], indirect=True)
def test_a_category_close_after_days_replaces_the_global_one(client, make, post_comment):
    ten_days_ago = utcnow() - timedelta(days=10)
    default = article_in(make, published_at=ten_days_ago)
    never = article_in(make, comments_close_after_days=0, published_at=ten_days_ago)
    longer = article_in(make, comments_close_after_days=30, published_at=ten_days_ago)
    shorter = article_in(make, comments_close_after_days=1, published_at=utcnow() - timedelta(days=2))
    for article, open_ in ((default, False), (never, True), (longer, True), (shorter, False)):
        page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
        assert ('id="comment-form"' in page) is open_, article.slug
        assert ("Comments are closed." in page) is not open_
        assert post_comment(article).status_code == (303 if open_ else 403)


def test_the_desk_sets_a_categorys_rules_and_refuses_bad_values(app, make):
    category = make.category("Talk", slug="talk")
    make.user("eddie", Role.EDITOR)
    editor = browser_signed_in(app, "eddie")
    url = f"/desk/categories/{category.id}/edit"
    page = editor.get(url).get_data(as_text=True)
    assert "Hold first-time commenters only" in page and "Close comments after (days)" in page
    fields = {"csrf_token": csrf_token_from(page), "name": "Talk", "slug": "talk", "description": ""}
    bad = editor.post(url, data={**fields, "premoderation": "links", "comments_close_after_days": "-1",
                                 "comment_max_links": "lots"})
    assert bad.status_code == 400
    assert "Number must be between 0 and 36500." in bad.get_data(as_text=True)
    assert "Not a valid integer value." in bad.get_data(as_text=True)
    unknown = editor.post(url, data={**fields, "premoderation": "whatever"})
    assert unknown.status_code == 400 and "Not a valid choice" in unknown.get_data(as_text=True)
    good = editor.post(url, data={**fields, "premoderation": "first-time", "comments_close_after_days": "14",
                                  "comment_max_links": ""})
    assert good.status_code == 303
    db.session.expire_all()
    saved = db.session.get(Category, category.id)
    assert (saved.premoderation, saved.comments_close_after_days, saved.comment_max_links) == (
        Premoderation.FIRST_TIME, 14, None)
    assert '<option selected value="first-time">' in editor.get(url).get_data(as_text=True)



def test_the_page_cache_knows_when_a_categorys_own_limit_closes_an_article(app, make):
    """The clock check retires a cached page when its comments close, by the category's limit as by the global one."""
    from blogapp.pagecache.clock import EPOCH, changed_by_the_clock, next_clock_change

    app.config["COMMENTS_CLOSE_AFTER_DAYS"] = 30
    now = utcnow()
    own = article_in(make, comments_close_after_days=2, published_at=now - timedelta(days=2, minutes=-5))
    default = article_in(make, published_at=now - timedelta(days=30, minutes=-10))
    never = article_in(make, comments_close_after_days=0, published_at=now - timedelta(days=2, minutes=-1))
    connection = db.session.connection()
    seconds = (now - EPOCH).total_seconds()
    closes = (own.published_at + timedelta(days=2) - EPOCH).total_seconds()
    assert abs(next_clock_change(connection, seconds) - closes) < 0.01
    later = changed_by_the_clock(connection, seconds, seconds + 15 * 60)
    assert own.id in later.comments_on and default.id in later.comments_on and never.id not in later.comments_on
    db.session.rollback()
