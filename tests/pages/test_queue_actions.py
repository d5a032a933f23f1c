"""What moderators do in the queue, and what the audit log remembers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import AuditEntry, Comment, CommentStatus, Role, utcnow

PENDING, APPROVED, SPAM, TRASH = (
    CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.SPAM, CommentStatus.TRASH
)


@pytest.fixture
def moderator(make, sign_in):
    user = make.user("mia", Role.MODERATOR)
    sign_in("mia")
    return user


@pytest.fixture
def article(make):
    return make.article(title="On moderation")


def status_of(comment_id: int) -> CommentStatus | None:
    db.session.expire_all()
    return db.session.scalar(select(Comment.status).where(Comment.id == comment_id))


def audit_log() -> list[tuple]:
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    return [(e.username, e.action, e.comment_id, e.detail) for e in entries]


@pytest.mark.parametrize(
    "action,start,end,message",
    [
        ("approve", PENDING, APPROVED, "1 comment approved."),
        ("unapprove", APPROVED, PENDING, "1 comment sent back to pending."),
        ("spam", PENDING, SPAM, "1 comment marked as spam."),
        ("trash", APPROVED, TRASH, "1 comment moved to the trash."),
        ("restore", TRASH, PENDING, "1 comment restored to pending."),
        ("restore", SPAM, PENDING, "1 comment restored to pending."),
        ("approve", SPAM, APPROVED, "1 comment approved."),
    ],
)
def test_one_action_changes_one_comment_and_is_logged(client, post_form, moderator, article, make, action, start, end, message):
    comment = make.comment(article, status=start)
    tab = start.value
    response = post_form(f"/moderation/?tab={tab}", f"/moderation/comments/{comment.id}/{action}",
                         {"tab": tab, "page": "1"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/moderation/?tab={tab}&page=1"
    assert status_of(comment.id) == end
    assert message in client.get(response.headers["Location"]).get_data(as_text=True)
    assert audit_log() == [("mia", action, comment.id, f"{start.value} → {end.value}")]


def test_bulk_action_changes_every_ticked_comment(client, post_form, moderator, article, make):
    ticked = [make.comment(article, f"Comment {n}", status=PENDING) for n in range(3)]
    untouched = make.comment(article, "Not ticked", status=PENDING)
    response = post_form("/moderation/", "/moderation/bulk",
                         {"action": "approve", "ids": [str(c.id) for c in ticked], "tab": "pending", "page": "1"})
    assert response.headers["Location"] == "/moderation/?tab=pending&page=1"
    assert [status_of(c.id) for c in ticked] == [APPROVED] * 3
    assert status_of(untouched.id) == PENDING
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 comments approved." in page
    assert "Pending <span class=\"count\">(1)</span>" in page
    assert [entry[1:3] for entry in audit_log()] == [("approve", c.id) for c in ticked]


def test_permanent_delete_only_from_the_trash(client, post_form, moderator, article, make):
    trashed = make.comment(article, "Old spam", status=TRASH)
    reply = make.comment(article, "A reply to it", status=APPROVED, parent_id=trashed.id)
    approved = make.comment(article, "Keep me", status=APPROVED)
    response = post_form("/moderation/?tab=trash", "/moderation/bulk",
                         {"action": "delete", "ids": [str(trashed.id), str(approved.id)], "tab": "trash", "page": "1"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 comment deleted permanently." in page
    assert "1 skipped: their status does not allow “Delete permanently”." in page
    assert status_of(trashed.id) is None
    assert status_of(approved.id) == APPROVED
    # The reply survives and now stands on its own.
    assert db.session.get(Comment, reply.id).parent_id is None
    assert audit_log() == [("mia", "delete", trashed.id, "trash → deleted")]


def test_bad_action_or_selection_changes_nothing(client, post_form, moderator, article, make):
    comment = make.comment(article, status=PENDING)
    for data in ({"action": "explode", "ids": str(comment.id)}, {"action": "approve", "ids": "one"}):
        response = post_form("/moderation/", "/moderation/bulk", data)
        assert response.status_code == 400
        assert "nothing was changed" in response.get_data(as_text=True)
    assert post_form("/moderation/", f"/moderation/comments/{comment.id}/explode", {}).status_code == 404
    assert post_form("/moderation/", "/moderation/comments/999999/approve", {}).status_code == 404
    assert status_of(comment.id) == PENDING
    assert audit_log() == []


def test_nothing_ticked_says_so(client, post_form, moderator):
    response = post_form("/auth/login", "/moderation/bulk", {"action": "spam", "tab": "pending", "page": "1"})
    assert "No comments were selected" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_tabs_list_newest_first_with_counts_and_reasons(client, moderator, article, make):
    older = make.comment(article, "Older one", status=PENDING, held_reason="has 3 links (more than 2)",
                         author_url="https://reader.example.org/", created_at=utcnow() - timedelta(hours=2))
    make.comment(article, "Newer one", status=PENDING, created_at=utcnow() - timedelta(hours=1))
    make.comment(article, "Junk", status=SPAM, held_reason="hidden honeypot field was filled")
    page = client.get("/moderation/").get_data(as_text=True)
    assert page.index("Newer one") < page.index("Older one")
    assert "Junk" not in page
    assert "has 3 links (more than 2)" in page
    assert "reader@example.org" in page and "https://reader.example.org/" in page
    assert f'href="/articles/{article.slug}/#comment-{older.id}">On moderation</a>' in page
    assert 'aria-current="page">Pending <span class="count">(2)</span>' in page
    assert "Spam <span class=\"count\">(1)</span>" in page
    spam = client.get("/moderation/?tab=spam").get_data(as_text=True)
    assert "Junk" in spam and "hidden honeypot field was filled" in spam


def test_queue_pages_and_returns_to_the_same_page(client, post_form, moderator, article, make, app):
    app.config["COMMENTS_PER_QUEUE_PAGE"] = 2
    comments = [make.comment(article, f"Number {n}", status=PENDING,
                             created_at=utcnow() - timedelta(minutes=n)) for n in range(5)]
    second = client.get("/moderation/?tab=pending&page=2").get_data(as_text=True)
    assert "Number 2" in second and "Number 3" in second and "Number 0" not in second
    assert "Page 2 of 3" in second
    response = post_form("/moderation/?page=3", f"/moderation/comments/{comments[4].id}/spam",
                         {"tab": "pending", "page": "3"})
    assert response.headers["Location"] == "/moderation/?tab=pending&page=3"
    # Page 3 is empty now, so the queue shows the new last page.
    follow = client.get(response.headers["Location"])
    assert follow.status_code == 302 and follow.headers["Location"] == "/moderation/?tab=pending&page=2"
    assert client.get("/moderation/?tab=elsewhere").status_code == 404


def test_edit_cleans_the_text_again_and_is_logged(client, post_form, moderator, article, make):
    comment = make.comment(article, "Typo here", status=PENDING)
    url = f"/moderation/comments/{comment.id}/?tab=pending&page=1"
    assert "Typo here</textarea>" in client.get(url).get_data(as_text=True)
    response = post_form(url, f"/moderation/comments/{comment.id}/edit",
                         {"edit-body": "Fixed <script>alert(1)</script><em>text</em>", "edit-tab": "pending", "edit-page": "1"})
    assert response.headers["Location"] == "/moderation/?tab=pending&page=1"
    db.session.expire_all()
    edited = db.session.get(Comment, comment.id)
    assert edited.body_html == "<p>Fixed alert(1)<em>text</em></p>"
    assert edited.body_raw.startswith("Fixed <script>")
    assert edited.status == PENDING
    assert audit_log() == [("mia", "edit", comment.id, "text edited")]
    empty = post_form(url, f"/moderation/comments/{comment.id}/edit", {"edit-body": ""})
    assert empty.status_code == 400 and "Please write some text." in empty.get_data(as_text=True)


def test_after_an_edit_the_new_text_is_the_one_a_repeat_post_is_checked_against(
    client, post_form, post_comment, moderator, article, make
):
    comment = make.comment(article, "Frist!", status=PENDING)
    url = f"/moderation/comments/{comment.id}/?tab=pending&page=1"
    post_form(url, f"/moderation/comments/{comment.id}/edit", {"edit-body": "First!", "edit-tab": "pending"})
    assert post_comment(article, body="First!").status_code == 409
    assert post_comment(article, body="Frist!").status_code == 303


def test_reply_from_the_queue_is_approved_and_marked_staff(client, post_form, moderator, article, make):
    question = make.comment(article, "Why was my comment held?", status=PENDING, author_name="Ana")
    url = f"/moderation/comments/{question.id}/"
    assert "Approve and reply" in client.get(url).get_data(as_text=True)
    response = post_form(url, f"/moderation/comments/{question.id}/reply", {"reply-body": "Because of the links."})
    assert response.status_code == 303
    assert "Your reply is published. The comment was approved too." in client.get(response.headers["Location"]).get_data(as_text=True)
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == question.id))
    assert (reply.status, reply.from_staff, reply.author_name, reply.user_id) == (APPROVED, True, "mia", moderator.id)
    assert status_of(question.id) == APPROVED
    assert [e[1] for e in audit_log()] == ["approve", "reply"]
    client.post("/auth/logout", data={"csrf_token": _token(client)})
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert "Because of the links." in page and '<span class="staff-badge">Staff</span>' in page


def test_no_reply_to_spam(client, post_form, moderator, article, make):
    junk = make.comment(article, "Buy now", status=SPAM)
    response = post_form(f"/moderation/comments/{junk.id}/", f"/moderation/comments/{junk.id}/reply", {"reply-body": "No."})
    assert response.status_code == 400
    assert "Only pending or approved comments can be answered." in response.get_data(as_text=True)
    assert db.session.scalar(select(Comment).where(Comment.parent_id == junk.id)) is None


def _token(client) -> str:
    from helpers.forms import csrf_token_from

    return csrf_token_from(client.get("/auth/login").get_data(as_text=True))


def test_header_badge_shows_moderators_the_pending_count(client, make, sign_in, article):
    make.comment(article, status=PENDING)
    make.comment(article, "Another", status=PENDING)
    assert "Moderation" not in client.get("/").get_data(as_text=True)
    make.user("eddie", Role.EDITOR)
    sign_in("eddie")
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)
    client.post("/auth/logout", data={"csrf_token": _token(client)})
    make.user("mia")
    sign_in("mia")
    assert '<span class="badge">2<span class="visually-hidden"> pending</span></span>' in client.get("/").get_data(as_text=True)


def test_audit_log_lists_who_did_what(client, make, sign_in, post_form, article):
    comment = make.comment(article, status=PENDING)
    make.user("boss", Role.ADMIN)
    sign_in("boss")
    post_form("/moderation/", f"/moderation/comments/{comment.id}/spam", {})
    page = client.get("/moderation/log/").get_data(as_text=True)
    assert "<td>boss</td>" in page and "<td>spam</td>" in page
    assert f"<td>{comment.id}</td>" in page and "pending → spam" in page
