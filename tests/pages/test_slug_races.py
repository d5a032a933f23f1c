"""Two editors saving the same new address at the same instant.

Both pass the "is this address free?" check; the database's unique
constraint stops the second. That editor must get their form back with
their text and a reason, not a server error. On SQLite a save's check and
commit share one BEGIN IMMEDIATE, so the race cannot happen there; these
tests need PostgreSQL (CI's second run).
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from blogapp.extensions import db
from blogapp.storage.models import Article, ArticleStatus, Category, utcnow

from helpers.publishing import article_form, sign_in


@pytest.fixture
def other_editor_saves_first(app):
    """Just before our save reaches the database, another editor's save commits."""
    if db.engine.dialect.name == "sqlite":
        pytest.skip("needs PostgreSQL: on SQLite BEGIN IMMEDIATE rules the race out "
                    "(set BLOGAPP_TEST_DATABASE_URL=postgresql+psycopg://...; CI's second run does)")

    def arrange(make_row):
        @event.listens_for(db.session, "before_flush", once=True)
        def commit_theirs(*_):
            with Session(db.engine) as theirs:
                theirs.add(make_row(theirs))
                theirs.commit()

    return arrange


def test_the_second_article_with_an_address_gets_its_form_back(client, make, post_form, other_editor_saves_first):
    sign_in(make, post_form)
    category = make.category()
    other_editor_saves_first(lambda s: Article(
        title="Theirs", slug="breaking-news", body_markdown="Their text.", category_id=category.id,
        status=ArticleStatus.PUBLISHED, published_at=utcnow(),
    ))
    response = post_form("/desk/articles/new", "/desk/articles/new",
                         article_form(category.id, title="Breaking news", body="My text, typed with care"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "took the address “breaking-news” a moment ago" in html and "My text, typed with care" in html
    assert db.session.scalars(select(Article.title)).all() == ["Theirs"]
    # Saving again gives the article a free address.
    again = post_form("/desk/articles/new", "/desk/articles/new",
                      article_form(category.id, title="Breaking news", body="My text, typed with care"))
    assert again.status_code == 303
    assert set(db.session.scalars(select(Article.slug))) == {"breaking-news", "breaking-news-2"}


def test_the_second_category_with_an_address_gets_its_form_back(client, make, post_form, other_editor_saves_first):
    sign_in(make, post_form)
    other_editor_saves_first(lambda s: Category(name="Theirs", slug="reviews"))
    response = post_form("/desk/categories/new", "/desk/categories/new",
                         {"name": "Reviews", "slug": "", "description": "Our reviews, described at length"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "took the address “reviews” a moment ago" in html and "Our reviews, described at length" in html
    assert db.session.scalar(select(func.count(Category.id))) == 1
