"""A reply waiting in the queue shows what it answers, so a moderator can judge it."""

from __future__ import annotations

from blogapp.storage.models import CommentStatus, Role

from helpers.accounts import browser_signed_in


def test_a_reply_in_the_queue_shows_an_excerpt_of_its_parent(app, make):
    article = make.article()
    long_text = "I think <em>the law</em> is wrong. " + "More reasons follow. " * 40 + "The very end."
    parent = make.comment(article, long_text, author_name="Ada")
    reply = make.comment(article, "You are right!", parent_id=parent.id, status=CommentStatus.PENDING)
    alone = make.comment(article, "A new thread", status=CommentStatus.PENDING)
    make.user("mia", Role.MODERATOR)
    page = browser_signed_in(app, "mia").get("/moderation/").get_data(as_text=True)
    row = page.split(f'id="queued-{reply.id}"', 1)[1].split("</li>", 1)[0]
    assert "<dt>In reply to</dt>" in row
    assert "<blockquote>Ada: I think the law is wrong. More reasons follow." in row
    assert "<em>" not in row.split("<blockquote>", 1)[1].split("</blockquote>", 1)[0]
    assert row.split("</blockquote>", 1)[0].endswith("...") and "The very end." not in row
    other = page.split(f'id="queued-{alone.id}"', 1)[1].split("</li>", 1)[0]
    assert "In reply to" not in other
