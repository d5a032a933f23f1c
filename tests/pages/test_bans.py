"""Banning a commenter from a queue row, and lifting the ban: their comments move both ways."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import AuditEntry, BlockEntry, Comment, CommentStatus, Role

from helpers.accounts import browser_signed_in
from helpers.forms import csrf_token_from

PENDING, APPROVED, SPAM, TRASH = (CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.SPAM,
                                  CommentStatus.TRASH)
CLIENT = "c0ffee" * 5 + "00"


@pytest.fixture
def moderator(app, make):
    make.user("mia", Role.MODERATOR)
    return browser_signed_in(app, "mia")


@pytest.fixture
def article(make):
    return make.article(title="On bans")


def statuses(*comments) -> list[CommentStatus]:
    found = dict(db.session.execute(select(Comment.id, Comment.status)).all())
    db.session.rollback()
    return [found[comment.id] for comment in comments]


def blocked() -> set[tuple[str, str]]:
    found = {(kind.value, value) for kind, value in db.session.execute(select(BlockEntry.kind, BlockEntry.value))}
    db.session.rollback()
    return found


def queue_post(moderator, tab: str, url: str, data: dict | None = None):
    page = moderator.get(f"/moderation/?tab={tab}").get_data(as_text=True)
    return moderator.post(url, data={"csrf_token": csrf_token_from(page), "tab": tab, "page": "1", **(data or {})})


def test_ban_blocks_the_author_and_sends_all_their_comments_to_spam_and_unban_puts_them_back(
        moderator, make, article):
    bad = make.comment(article, "Buy now", author_email="Pest@example.org", client_hash=CLIENT, status=PENDING)
    earlier = make.comment(article, "An old approved one", author_email="pest@example.org", status=APPROVED)
    binned = make.comment(article, "Binned", author_email="pest@example.org", status=TRASH)
    same_client = make.comment(article, "Other name, same machine", author_email="alias@example.org",
                               client_hash=CLIENT, status=APPROVED)
    already_spam = make.comment(article, "Old spam", author_email="pest@example.org", status=SPAM)
    bystander = make.comment(article, "Innocent", author_email="kind@example.org", status=APPROVED)
    response = queue_post(moderator, "pending", f"/moderation/comments/{bad.id}/ban")
    assert response.status_code == 303
    assert "4 comments moved to spam" in moderator.get(response.headers["Location"]).get_data(as_text=True)
    assert statuses(bad, earlier, binned, same_client, already_spam, bystander) == [SPAM] * 5 + [APPROVED]
    assert blocked() == {("email", "pest@example.org"), ("client", CLIENT)}
    assert "An old approved one" not in moderator.get(f"/articles/{article.slug}/").get_data(as_text=True)
    # The Spam tab offers to lift it from any of their rows.
    spam_tab = moderator.get("/moderation/?tab=spam").get_data(as_text=True)
    assert f'aria-label="Unban the author of comment {earlier.id}"' in spam_tab
    lift = next(part.split('"', 1)[0] for part in spam_tab.split('formaction="')[1:] if "/lift" in part)
    response = queue_post(moderator, "spam", lift, {"back": "queue"})
    assert response.status_code == 303 and response.headers["Location"].startswith("/moderation/?tab=spam")
    assert statuses(bad, earlier, binned, same_client, already_spam, bystander) == [
        PENDING, APPROVED, TRASH, APPROVED, SPAM, APPROVED]
    assert blocked() == set()
    log = [(e.action, e.comment_id) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert log[0] == ("spam", bad.id) and ("ban", bad.id) in log and log[-1] == ("unban", bad.id)
    assert log.count(("spam", earlier.id)) == 1 and ("approve", earlier.id) in log


def test_a_banned_address_posts_straight_to_spam_until_the_ban_is_lifted(client, moderator, make, article,
                                                                           post_comment):
    bad = make.comment(article, "First", author_email="reader@example.org", status=PENDING)
    queue_post(moderator, "pending", f"/moderation/comments/{bad.id}/ban")
    post_comment(article, body="Back again under the ban")
    comment = db.session.scalar(select(Comment).where(Comment.body_raw == "Back again under the ban"))
    assert (comment.status, comment.held_reason) == (SPAM, "email address is on the block list (reader@example.org)")
    db.session.rollback()
    page = moderator.get("/moderation/blocklist/").get_data(as_text=True)
    assert "Bans in force: 1" in page and "ban from comment" in page
    ban_id = page.split("/moderation/bans/", 1)[1].split("/", 1)[0]
    response = moderator.post(f"/moderation/bans/{ban_id}/lift", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 303 and response.headers["Location"] == "/moderation/blocklist/"
    # The comment sent under the ban was spam by the rules, not by the ban: it stays there.
    assert statuses(bad, comment) == [PENDING, SPAM]
    again = moderator.post(f"/moderation/bans/{ban_id}/lift", data={"csrf_token": csrf_token_from(page)})
    assert "already lifted" in moderator.get(again.headers["Location"]).get_data(as_text=True)


def test_an_entry_that_was_already_blocked_stays_when_the_ban_is_lifted(moderator, make, article):
    page = moderator.get("/moderation/blocklist/").get_data(as_text=True)
    moderator.post("/moderation/blocklist/add", data={"csrf_token": csrf_token_from(page), "kind": "email",
                                                      "value": "pest@example.org"})
    bad = make.comment(article, "Buy now", author_email="pest@example.org", client_hash=CLIENT, status=PENDING)
    queue_post(moderator, "pending", f"/moderation/comments/{bad.id}/ban")
    assert blocked() == {("email", "pest@example.org"), ("client", CLIENT)}
    page = moderator.get("/moderation/blocklist/").get_data(as_text=True)
    ban_id = page.split("/moderation/bans/", 1)[1].split("/", 1)[0]
    moderator.post(f"/moderation/bans/{ban_id}/lift", data={"csrf_token": csrf_token_from(page)})
    assert blocked() == {("email", "pest@example.org")}


def test_staff_comments_and_nameless_ones_cannot_be_banned_and_the_ban_needs_the_token(moderator, make, article):
    staff = make.comment(article, "From the desk", author_email="", from_staff=True)
    anonymous = make.comment(article, "Imported", author_email="", client_hash="", status=PENDING)
    for comment, tab in ((staff, "approved"), (anonymous, "pending")):
        response = queue_post(moderator, tab, f"/moderation/comments/{comment.id}/ban")
        assert response.status_code == 400 and "names no reader to ban" in response.get_data(as_text=True)
    reader = make.comment(article, "Fine", status=PENDING)
    forged = moderator.post(f"/moderation/comments/{reader.id}/ban", data={"tab": "pending", "page": "1"})
    assert forged.status_code == 400
    assert statuses(reader) == [PENDING] and blocked() == set()
    assert f'aria-label="Ban the author of comment {reader.id}"' in moderator.get("/moderation/").get_data(as_text=True)
