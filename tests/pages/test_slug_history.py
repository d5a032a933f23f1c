"""Old addresses keep working: article slug changes and category renames redirect."""

from __future__ import annotations

from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import ArticleStatus, Category

from helpers.publishing import article_form, sign_in


def edit(post_form, article, **fields):
    url = f"/desk/articles/{article.id}/edit"
    data = article_form(article.category_id, title=article.title, slug=article.slug, version=str(article.version))
    data.update(fields)
    response = post_form(url, url, data)
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    return article


def test_a_published_articles_old_slugs_redirect_to_the_current_one(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(slug="first-name")
    edit(post_form, article, slug="second-name")
    edit(post_form, article, slug="third-name")
    for old in ("first-name", "second-name"):
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301
        assert response.headers["Location"].endswith("/articles/third-name/")
    assert client.get("/articles/third-name/").status_code == 200
    # Going back to an old slug works, and the former new one now redirects.
    edit(post_form, article, slug="first-name")
    assert client.get("/articles/first-name/").status_code == 200
    assert client.get("/articles/third-name/").headers["Location"].endswith("/articles/first-name/")


def test_a_drafts_old_slug_leads_nowhere(client, make, post_form):
    sign_in(make, post_form)
    draft = make.article(slug="secret-plan", status=ArticleStatus.DRAFT, published_at=None)
    edit(post_form, draft, slug="public-plan", status="draft")
    assert client.get("/articles/secret-plan/").status_code == 404


def test_an_old_slug_of_an_article_taken_back_to_draft_does_not_reveal_it(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(slug="was-live")
    edit(post_form, article, slug="now-hidden")
    edit(post_form, article, status="draft")
    assert client.get("/articles/was-live/").status_code == 404


def test_another_article_cannot_take_an_old_slug(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(slug="original")
    edit(post_form, article, slug="renamed")
    response = post_form("/desk/articles/new", "/desk/articles/new", article_form(article.category_id, slug="original"))
    assert response.status_code == 400
    assert "belongs to another article" in response.get_data(as_text=True)


def test_moving_a_published_article_to_another_category_keeps_its_address(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(slug="stays-put")
    other = make.category("Elsewhere", slug="elsewhere")
    edit(post_form, article, category=str(other.id))
    assert article.category_id == other.id
    assert client.get("/articles/stays-put/").status_code == 200
    assert "stays-put" in client.get("/category/elsewhere/").get_data(as_text=True)


def test_editors_create_rename_and_describe_categories(client, make, post_form):
    sign_in(make, post_form)
    response = post_form("/desk/categories/new", "/desk/categories/new", {"name": "Tech Notes", "slug": "", "description": "Gadgets."})
    assert response.status_code == 303
    category = db.session.scalar(select(Category))
    assert category.slug == "tech-notes"
    make.article(slug="in-tech", category=category)
    url = f"/desk/categories/{category.id}/edit"
    response = post_form(url, url, {"name": "Technology", "slug": "", "description": "All things tech."})
    assert response.status_code == 303
    db.session.expire_all()
    assert (category.name, category.slug, category.description) == ("Technology", "technology", "All things tech.")
    old = client.get("/category/tech-notes/?page=1")
    assert old.status_code == 301 and old.headers["Location"].endswith("/category/technology/?page=1")
    old_feed = client.get("/category/tech-notes/feed.atom")
    assert old_feed.status_code == 301 and old_feed.headers["Location"].endswith("/category/technology/feed.atom")
    assert "All things tech." in client.get("/category/technology/").get_data(as_text=True)


# Query parameters that url_for would take as its own arguments if a redirect passed them on.
URL_FOR_ARGUMENTS = ["_method=PUT", "slug=x", "endpoint=x", "_scheme=javascript&_external=1", "_external=1",
                     "_anchor=top", "page=2&page=3", "after=2026-01-01T00:00:00.000000_1&slug=x"]


def test_an_old_category_address_keeps_only_its_page_parameters(client, make, post_form):
    sign_in(make, post_form)
    category = make.category("Tech Notes", slug="tech-notes")
    url = f"/desk/categories/{category.id}/edit"
    assert post_form(url, url, {"name": "Technology", "slug": "technology", "description": ""}).status_code == 303
    for query in URL_FOR_ARGUMENTS:
        response = client.get(f"/category/tech-notes/?{query}")
        assert response.status_code == 301, (query, response.status_code)
        location = response.headers["Location"]
        assert location.startswith(("/category/technology/", "http://localhost/category/technology/")), location
        assert "_method" not in location and "slug" not in location and "#" not in location, location
    cursor = client.get("/category/tech-notes/?before=2026-01-01T00:00:00.000000_7&utm_source=x&slug=y")
    assert cursor.headers["Location"].endswith("/category/technology/?before=2026-01-01T00:00:00.000000_7")


def test_an_old_article_address_keeps_its_comment_page_and_nothing_else(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(slug="old-name")
    edit(post_form, article, slug="new-name")
    for query in URL_FOR_ARGUMENTS:
        response = client.get(f"/articles/old-name/?{query}")
        assert response.status_code == 301, (query, response.status_code)
        assert "/articles/new-name/" in response.headers["Location"]
        assert "_method" not in response.headers["Location"] and "slug" not in response.headers["Location"]
    assert client.get("/articles/old-name/?page=2&slug=x").headers["Location"].endswith("/articles/new-name/?page=2")


def test_a_category_slug_in_use_is_refused(client, make, post_form):
    sign_in(make, post_form)
    make.category("Taken", slug="taken")
    response = post_form("/desk/categories/new", "/desk/categories/new", {"name": "Other", "slug": "taken", "description": ""})
    assert response.status_code == 400
    assert "belongs to another category" in response.get_data(as_text=True)
    empty_name = post_form("/desk/categories/new", "/desk/categories/new", {"name": "", "slug": "", "description": ""})
    assert empty_name.status_code == 400
    assert db.session.scalar(select(func.count(Category.id))) == 1


def test_only_an_empty_category_can_be_deleted(client, make, post_form):
    sign_in(make, post_form)
    busy = make.category("Busy", slug="busy")
    make.article(category=busy)
    make.article(category=busy, status=ArticleStatus.DRAFT, published_at=None)
    empty = make.category("Empty", slug="empty")
    response = post_form("/desk/categories/", f"/desk/categories/{busy.id}/delete", {})
    assert response.status_code == 409
    assert "still has 2 articles" in response.get_data(as_text=True)
    assert db.session.get(Category, busy.id) is not None
    response = post_form("/desk/categories/", f"/desk/categories/{empty.id}/delete", {})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Category, empty.id) is None
    assert client.get("/category/empty/").status_code == 404
