"""Ids are never handed out twice, and a reader's pending comment is theirs alone (issue 13, finding 3)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from blogapp.extensions import db
from blogapp.storage.models import Article, AuditEntry, Category, Comment, CommentStatus, User

from helpers.forms import HIDDEN_FIELD


def post_as_reader(app, article, body: str, name: str):
    """A new browser posts ``body`` on ``article``; returns the browser and the stored comment."""
    browser = app.test_client()
    page = browser.get(f"/articles/{article.slug}/").get_data(as_text=True)
    data = {"name": name, "email": f"{name.lower()}@example.org", "body": body, **dict(HIDDEN_FIELD.findall(page))}
    assert browser.post(f"/articles/{article.slug}/comments", data=data).status_code == 303
    return browser, db.session.scalar(select(Comment).filter_by(body_raw=body))


def test_a_reused_id_does_not_show_another_readers_pending_comment(app, make):
    article = make.article()
    reader_a, first = post_as_reader(app, article, "Words of A, waiting.", "Ada")
    assert first.status == CommentStatus.PENDING
    assert "Words of A, waiting." in reader_a.get(f"/articles/{article.slug}/").get_data(as_text=True)
    # A moderator deletes A's comment for good: its row and its id are gone.
    db.session.execute(delete(Comment).where(Comment.id == first.id))
    db.session.commit()
    _, second = post_as_reader(app, article, "Private pending text of B", "Bea")
    assert second.id > first.id
    page = reader_a.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert "Private pending text of B" not in page and "Bea" not in page


def test_a_session_that_names_another_readers_comment_id_does_not_see_it(app, make):
    """What a reused id amounts to: a session remembering an id whose key it does not hold."""
    article = make.article()
    _, theirs = post_as_reader(app, article, "Only mine to see.", "Bea")
    other = app.test_client()
    with other.session_transaction() as session:
        session["own_comments"] = [[theirs.id, "a key that is not the author's"]]
    page = other.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert "Only mine to see." not in page
    with other.session_transaction() as session:
        assert session.get("own_comments", []) == []  # and the session forgets it


def test_the_author_still_sees_their_own_pending_comment_across_pages(app, make):
    article, elsewhere = make.article(), make.article()
    reader, comment = post_as_reader(app, article, "Mine, awaiting moderation.", "Ada")
    assert reader.get(f"/articles/{elsewhere.slug}/").status_code == 200
    page = reader.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert "Mine, awaiting moderation." in page and f'id="comment-{comment.id}"' in page
    assert comment.owner_digest and len(comment.owner_digest) == 64


@pytest.mark.parametrize("model", [User, Category, Article, Comment, AuditEntry])
def test_the_id_of_a_deleted_newest_row_is_never_given_again(app, make, model):
    def newest() -> object:
        article = make.article()
        return {
            User: lambda: make.user(f"user-{article.id}"),
            Category: lambda: article.category,
            Article: lambda: article,
            Comment: lambda: make.comment(article),
            AuditEntry: lambda: _audit_entry(),
        }[model]()

    deleted_id = newest().id
    db.session.execute(delete(Comment))
    db.session.execute(delete(AuditEntry))
    db.session.execute(delete(Article))
    db.session.execute(delete(Category))
    db.session.execute(delete(User))
    db.session.commit()
    assert newest().id > deleted_id


def _audit_entry() -> AuditEntry:
    entry = AuditEntry(username="someone", action="approve", comment_id=1)
    db.session.add(entry)
    db.session.commit()
    return entry
