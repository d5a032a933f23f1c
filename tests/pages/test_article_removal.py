"""Editors unpublish and delete articles: readers lose them, comments go with them, old addresses do not mislead."""

from __future__ import annotations

from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Article, ArticleSlugRedirect, ArticleStatus, AuditEntry, Comment, Role

from helpers.forms import csrf_token_from
from helpers.publishing import article_form, sign_in


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_unpublish_makes_a_published_article_a_draft(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(title="Going away", slug="going-away")
    assert client.get("/articles/going-away/").status_code == 200
    edit = f"/desk/articles/{article.id}/edit"
    response = post_form(edit, f"/desk/articles/{article.id}/unpublish", {})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Article, article.id).status == ArticleStatus.DRAFT
    assert client.get("/articles/going-away/").status_code == 404
    assert "going-away" not in client.get("/").get_data(as_text=True)
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.username) == ("unpublish", "editor") and "Going away" in entry.detail


def test_delete_asks_first_then_removes_the_article_and_its_comments(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(title="Regretted", slug="regretted")
    make.comment(article)
    make.comment(article)
    other = make.article(slug="stays")
    make.comment(other)
    page = f"/desk/articles/{article.id}/delete"
    question = client.get(page).get_data(as_text=True)
    assert "Delete “Regretted”?" in question and "its 2 comments" in question and "cannot be undone" in question
    assert count(Article) == 2  # asking deletes nothing
    response = post_form(page, page, {})
    assert response.status_code == 303
    assert db.session.get(Article, article.id) is None
    assert count(Comment) == 1 and count(Article) == 1
    assert client.get("/articles/regretted/").status_code == 404
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "article-delete"))
    assert "Regretted" in entry.detail and "2 comment(s)" in entry.detail


def test_a_deleted_articles_old_address_never_leads_to_another_article(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(title="Renamed", slug="new-name")
    db.session.add(ArticleSlugRedirect(old_slug="old-name", article=article))
    db.session.commit()
    assert client.get("/articles/old-name/").status_code == 301
    page = f"/desk/articles/{article.id}/delete"
    post_form(page, page, {})
    assert count(ArticleSlugRedirect) == 0
    assert client.get("/articles/old-name/").status_code == 404
    # A new article may take either address: it shows itself there, nothing older.
    category = make.category()
    post_form("/desk/articles/new", "/desk/articles/new", article_form(category.id, title="Fresh", slug="old-name"))
    fresh = client.get("/articles/old-name/")
    assert fresh.status_code == 200 and "Fresh" in fresh.get_data(as_text=True)


def test_moderators_cannot_unpublish_or_delete(client, make, post_form):
    article = make.article(slug="kept")
    sign_in(make, post_form, Role.MODERATOR)
    token = csrf_token_from(client.get("/articles/kept/").get_data(as_text=True))
    assert client.post(f"/desk/articles/{article.id}/delete", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/desk/articles/{article.id}/unpublish", data={"csrf_token": token}).status_code == 403
    assert count(Article) == 1
