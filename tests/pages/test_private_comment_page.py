"""A comment's private page: the link after posting, its state in words, edit for a while, delete for good."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import AuditEntry, Comment, CommentStatus

PRIVATE_LINK = re.compile(r'<a href="(/comments/[^"/]+/)">Your comment(?:\'|&#39;)s private page: bookmark it to edit or delete</a>')
SAME_SITE = {"Origin": "http://blog.test"}


def posted(client, post_comment, article, **fields) -> tuple[Comment, str]:
    """Post a comment as a reader; the comment and the private address the thank-you message links."""
    response = post_comment(article, **fields)
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    [address] = PRIVATE_LINK.findall(thanks)
    comment = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    return comment, address


def fresh_client(app):
    """Another browser: no session cookie of the author's."""
    return app.test_client()


def test_the_thank_you_message_links_a_private_page_that_works_without_the_session(app, client, make, post_comment):
    comment, address = posted(client, post_comment, make.article(title="On privacy"), body="Held for now")
    page = fresh_client(app).get(address)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Waiting for a moderator" in text and "Held for now" in text and "On privacy" in text
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in page.headers


def test_the_page_says_why_a_rule_held_it_and_links_a_published_one(app, client, make, post_comment):
    app.config["COMMENT_MAX_LINKS"] = 0
    comment, address = posted(client, post_comment, make.article(), body="See https://example.org/")
    assert "It was held because it has 1 links (more than 0)." in fresh_client(app).get(address).get_data(as_text=True)
    comment.status = CommentStatus.APPROVED
    db.session.commit()
    text = fresh_client(app).get(address).get_data(as_text=True)
    assert "Published." in text and f'#comment-{comment.id}">See it on the article' in text
    comment.status = CommentStatus.SPAM
    db.session.commit()
    text = fresh_client(app).get(address).get_data(as_text=True)
    assert "Not published." in text and "links" not in text.split("Not published.")[1].split("</section>")[0]


@pytest.mark.parametrize("tamper", [
    lambda address: address[:-3] + ("A" if address[-3] != "A" else "B") + address[-2:],
    lambda address: "/comments/not-a-token/",
    lambda address: address.replace("/comments/", "/comments/x"),
], ids=["one character changed", "not a token", "garbled"])
def test_a_tampered_address_is_a_404_and_changes_nothing(app, client, make, post_comment, tamper):
    comment, address = posted(client, post_comment, make.article(), body="Keep me")
    other = fresh_client(app)
    bad = tamper(address)
    assert other.get(bad).status_code == 404
    assert other.post(bad + "edit", data={"body": "Changed"}, headers=SAME_SITE).status_code == 404
    assert other.post(bad + "delete", headers=SAME_SITE).status_code == 404
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body_raw == "Keep me"


def test_another_comments_address_opens_only_that_comment(app, client, make, post_comment):
    article = make.article()
    first, first_address = posted(client, post_comment, article, body="The first one")
    second, second_address = posted(client, post_comment, article, body="The second one")
    assert first_address != second_address
    text = fresh_client(app).get(second_address).get_data(as_text=True)
    assert "The second one" in text and "The first one" not in text


def test_an_edit_inside_the_window_is_cleaned_and_moderated_again(app, client, make, post_comment):
    comment, address = posted(client, post_comment, make.article(), body="Tpyo here")
    comment.status = CommentStatus.APPROVED
    db.session.commit()
    author = fresh_client(app)
    response = author.post(address + "edit", data={"body": "Typo fixed <script>alert(1)</script>"}, headers=SAME_SITE)
    assert response.status_code == 303 and response.headers["Location"].endswith(address)
    db.session.expire_all()
    edited = db.session.get(Comment, comment.id)
    assert edited.body_raw.startswith("Typo fixed") and "<script" not in edited.body_html
    # The default rules hold every comment: the edited one waits again, and the page says so.
    assert edited.status == CommentStatus.PENDING
    assert "waits for a moderator again" in author.get(address).get_data(as_text=True)
    assert "Typo fixed" not in fresh_client(app).get(f"/articles/{edited.article.slug}/").get_data(as_text=True)


def test_an_edit_that_adds_links_goes_back_to_pending_even_where_comments_are_approved(app, client, make, post_comment):
    app.config.update(COMMENT_AUTO_APPROVE_KNOWN_AUTHORS=True, COMMENT_MAX_LINKS=1)
    article = make.article()
    make.comment(article, author_email="known@example.org", status=CommentStatus.APPROVED)
    comment, address = posted(client, post_comment, article, email="known@example.org", body="Plain words")
    assert comment.status == CommentStatus.APPROVED
    links = "https://a.example.org/ https://b.example.org/ https://c.example.org/"
    fresh_client(app).post(address + "edit", data={"body": f"Buy {links}"}, headers=SAME_SITE)
    db.session.expire_all()
    edited = db.session.get(Comment, comment.id)
    assert edited.status == CommentStatus.PENDING and "links" in edited.held_reason


def test_a_known_authors_edit_without_links_stays_published(app, client, make, post_comment):
    app.config.update(COMMENT_AUTO_APPROVE_KNOWN_AUTHORS=True)
    article = make.article()
    make.comment(article, author_email="known@example.org", status=CommentStatus.APPROVED)
    comment, address = posted(client, post_comment, article, email="known@example.org", body="Plain wrods")
    author = fresh_client(app)
    author.post(address + "edit", data={"body": "Plain words"}, headers=SAME_SITE)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == CommentStatus.APPROVED
    assert "saved and still published" in author.get(address).get_data(as_text=True)
    assert "Plain words" in fresh_client(app).get(f"/articles/{article.slug}/").get_data(as_text=True)


def test_after_the_window_the_comment_cannot_be_edited(app, client, make, post_comment):
    comment, address = posted(client, post_comment, make.article(), body="Too late to change")
    comment.created_at -= timedelta(minutes=app.config["COMMENT_EDIT_MINUTES"] + 1)
    db.session.commit()
    author = fresh_client(app)
    assert "Save my changes" not in author.get(address).get_data(as_text=True)
    response = author.post(address + "edit", data={"body": "Changed anyway"}, headers=SAME_SITE)
    assert response.status_code == 303
    assert "The time for editing this comment is over" in author.get(address).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body_raw == "Too late to change"


def test_an_empty_edit_is_refused_with_a_message_and_nothing_changes(app, client, make, post_comment):
    comment, address = posted(client, post_comment, make.article(), body="Keep this")
    response = fresh_client(app).post(address + "edit", data={"body": "  "}, headers=SAME_SITE)
    assert response.status_code == 400 and "Please write a comment." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body_raw == "Keep this"


def test_a_cross_site_edit_or_delete_is_refused(app, client, make, post_comment):
    comment, address = posted(client, post_comment, make.article(), body="Stay")
    other = fresh_client(app)
    assert other.post(address + "delete", headers={"Origin": "https://evil.example"}).status_code == 403
    assert other.post(address + "edit", data={"body": "x"}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body_raw == "Stay"


def test_delete_removes_it_everywhere_and_the_log_keeps_only_that_it_happened(app, client, make, post_comment, sign_in):
    article = make.article(title="Delete me soon")
    comment, address = posted(client, post_comment, article, body="Regrettable words")
    comment.status = CommentStatus.APPROVED
    db.session.commit()
    comment_id = comment.id
    assert "Regrettable words" in client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    author = fresh_client(app)
    response = author.post(address + "delete", headers=SAME_SITE)
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Comment, comment_id) is None
    assert author.get(address).status_code == 404
    reader = fresh_client(app)
    for page in (f"/articles/{article.slug}/", "/feed.xml", "/"):
        assert "Regrettable words" not in reader.get(page).get_data(as_text=True), page
    assert db.session.get(type(article), article.id).approved_comments == 0
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.comment_id == comment_id))
    assert entry.action == "author-delete" and "Regrettable" not in entry.detail
    make.user("mia")
    sign_in("mia")
    assert "Regrettable words" not in client.get("/moderation/?status=approved").get_data(as_text=True)
