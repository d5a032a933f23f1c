"""The editor's desk: who may use it, writing, publishing, preview, conflicts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from blogapp.extensions import db
from blogapp.storage.models import Article, ArticleStatus, Role, utcnow

from helpers.publishing import article_block, article_form, sign_in

DESK_PAGES = ["/desk/", "/desk/articles/new", "/desk/categories/", "/desk/categories/new"]


def article_count() -> int:
    return db.session.scalar(select(func.count(Article.id)))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in DESK_PAGES:
        response = client.get(url)
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]


def test_moderators_cannot_reach_the_desk(client, make, post_form):
    sign_in(make, post_form, Role.MODERATOR)
    article = make.article()
    for url in DESK_PAGES + [f"/desk/articles/{article.id}/edit"]:
        assert client.get(url).status_code == 403
    # A page they can open gives them a valid CSRF token to try with.
    reader_page = f"/articles/{article.slug}/"
    data = article_form(article.category_id)
    assert post_form(reader_page, "/desk/articles/new", data).status_code == 403
    assert post_form(reader_page, "/desk/preview", data).status_code == 403
    assert article_count() == 1


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_editors_and_admins_use_the_desk(client, make, post_form, role):
    sign_in(make, post_form, role)
    for url in DESK_PAGES:
        assert client.get(url).status_code == 200


def test_an_editor_writes_and_publishes_an_article(client, make, post_form):
    sign_in(make, post_form)
    category = make.category("Guides", slug="guides")
    response = post_form(
        "/desk/articles/new", "/desk/articles/new",
        article_form(category.id, title="Ünïcödé Straße in 北京", body="Hello **readers**."),
    )
    assert response.status_code == 303
    article = db.session.scalar(select(Article))
    assert article.slug == "unicode-strasse-in-bei-jing"
    assert article.is_published and article.version == 1
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert "<strong>readers</strong>" in page
    assert article.slug in client.get("/").get_data(as_text=True)


def test_a_taken_slug_is_numbered_when_made_from_the_title(client, make, post_form):
    sign_in(make, post_form)
    existing = make.article(title="Same title", slug="same-title")
    post_form("/desk/articles/new", "/desk/articles/new", article_form(existing.category_id, title="Same title"))
    slugs = set(db.session.scalars(select(Article.slug)))
    assert slugs == {"same-title", "same-title-2"}


def test_a_taken_slug_typed_by_the_editor_is_refused_and_the_text_kept(client, make, post_form):
    sign_in(make, post_form)
    existing = make.article(slug="taken")
    response = post_form(
        "/desk/articles/new", "/desk/articles/new",
        article_form(existing.category_id, slug="Taken", body="My precious draft text"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "belongs to another article" in html
    assert "My precious draft text" in html
    assert article_count() == 1


def test_validation_errors_keep_the_editors_text_and_save_nothing(client, make, post_form):
    sign_in(make, post_form)
    category = make.category()
    response = post_form(
        "/desk/articles/new", "/desk/articles/new",
        article_form(category.id, title="", body="Paragraph I do not want to lose"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Please give a title." in html and "Paragraph I do not want to lose" in html
    bad_category = post_form("/desk/articles/new", "/desk/articles/new", article_form(9999))
    assert bad_category.status_code == 400
    assert article_count() == 0


def test_a_scheduled_article_needs_a_future_time(client, make, post_form):
    sign_in(make, post_form)
    category = make.category()
    past = (utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = post_form(
        "/desk/articles/new", "/desk/articles/new", article_form(category.id, status="scheduled", publish_at=past)
    )
    assert response.status_code == 400
    assert "needs a publish time in the future" in response.get_data(as_text=True)
    assert article_count() == 0


def test_a_scheduled_article_appears_on_its_own_when_its_time_comes(client, make, post_form):
    sign_in(make, post_form)
    category = make.category(slug="news")
    later = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    post_form(
        "/desk/articles/new", "/desk/articles/new",
        article_form(category.id, title="Embargoed story", status="scheduled", publish_at=later),
    )
    article = db.session.scalar(select(Article))
    assert article.status == ArticleStatus.PUBLISHED and article.is_scheduled
    assert client.get("/articles/embargoed-story/").status_code == 404
    assert "Embargoed" not in client.get("/").get_data(as_text=True)
    # Time passes: nothing but the clock changes.
    db.session.execute(update(Article).values(published_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert client.get("/articles/embargoed-story/").status_code == 200
    assert "Embargoed story" in client.get("/category/news/").get_data(as_text=True)


def test_editing_an_article_bumps_its_version(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(title="First title")
    edit_url = f"/desk/articles/{article.id}/edit"
    response = post_form(edit_url, edit_url, article_form(article.category_id, title="Second title", slug=article.slug, version="1"))
    assert response.status_code == 303
    db.session.expire_all()
    assert (article.title, article.version) == ("Second title", 2)


def test_the_second_of_two_editors_sees_a_conflict_instead_of_overwriting(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(title="Shared", body_markdown="Original text.")
    edit_url = f"/desk/articles/{article.id}/edit"
    first = article_form(article.category_id, title="Shared", slug=article.slug, body="First editor's text.", version="1")
    second = dict(first, body="Second editor's text.")
    assert post_form(edit_url, edit_url, first).status_code == 303
    response = post_form(edit_url, edit_url, second)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else saved this article" in html
    assert "Second editor&#39;s text." in html or "Second editor's text." in html
    db.session.expire_all()
    assert article.body_markdown == "First editor's text." and article.version == 2
    # Having seen the message, the second editor may choose to save over it.
    assert 'name="version" type="hidden" value="2"' in html
    assert post_form(edit_url, edit_url, dict(second, version="2")).status_code == 303
    db.session.expire_all()
    assert article.body_markdown == "Second editor's text."


def test_preview_shows_the_readers_page_without_saving(client, make, post_form):
    sign_in(make, post_form)
    category = make.category("Guides", slug="guides")
    data = article_form(
        category.id, title="Preview me", publish_at="2026-01-02T03:04",
        body="## A heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<figure><img src=\"/static/x.png\" alt=\"An x\"><figcaption>X</figcaption></figure>",
    )
    preview = post_form("/desk/articles/new", "/desk/preview", data)
    assert preview.status_code == 200
    preview_html = preview.get_data(as_text=True)
    assert "Nothing has been saved" in preview_html and 'content="noindex"' in preview_html
    assert article_count() == 0
    post_form("/desk/articles/new", "/desk/articles/new", data)
    published_html = client.get("/articles/preview-me/").get_data(as_text=True)
    assert article_block(preview_html) == article_block(published_html)
    assert "<figcaption>X</figcaption>" in article_block(published_html)


def test_preview_of_a_saved_article_changes_nothing(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(title="Saved", body_markdown="Saved text.")
    data = article_form(article.category_id, title="Saved", body="Unsaved idea.", version="1")
    preview = post_form(f"/desk/articles/{article.id}/edit", "/desk/preview", data)
    assert "Unsaved idea." in preview.get_data(as_text=True)
    db.session.expire_all()
    assert article.body_markdown == "Saved text." and article_count() == 1


def test_preview_without_a_csrf_token_is_refused(client, make, post_form):
    sign_in(make, post_form)
    category = make.category()
    response = client.post("/desk/preview", data=article_form(category.id))
    assert response.status_code == 400


def test_editor_markup_cannot_run_scripts(client, make, post_form):
    sign_in(make, post_form)
    category = make.category()
    body = (
        '<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(2)">\n\n'
        '<a href="javascript:alert(3)">link</a> [md](javascript:alert(4)) <p onclick="x()">p</p>'
    )
    post_form("/desk/articles/new", "/desk/articles/new", article_form(category.id, title="Hostile", body=body))
    html = article_block(client.get("/articles/hostile/").get_data(as_text=True))
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert 'href="javascript' not in html.lower()
    assert '<img src="x.png" alt="">' in html


def test_the_desk_lists_filters_and_counts(client, make, post_form):
    sign_in(make, post_form)
    news, guides = make.category("News", slug="news"), make.category("Guides", slug="guides")
    published = make.article(title="Live one", category=news)
    make.article(title="Draft one", status=ArticleStatus.DRAFT, published_at=None, category=news)
    make.article(title="Future one", published_at=utcnow() + timedelta(days=3), category=guides)
    make.comment(published)
    make.comment(published, status="pending")
    html = client.get("/desk/").get_data(as_text=True)
    assert all(t in html for t in ("Live one", "Draft one", "Future one"))
    assert "1 approved, 1 waiting" in html
    drafts = client.get("/desk/?status=draft").get_data(as_text=True)
    assert "Draft one" in drafts and "Live one" not in drafts
    scheduled = client.get("/desk/?status=scheduled").get_data(as_text=True)
    assert "Future one" in scheduled and "Draft one" not in scheduled
    in_guides = client.get(f"/desk/?category={guides.id}").get_data(as_text=True)
    assert "Future one" in in_guides and "Live one" not in in_guides
    assert client.get("/desk/?status=bogus").status_code == 400
    assert client.get("/desk/?category=abc").status_code == 400


def test_the_desk_paginates(client, make, post_form, app):
    app.config["DESK_ARTICLES_PER_PAGE"] = 2
    sign_in(make, post_form)
    category = make.category()
    for number in range(5):
        make.article(title=f"Numbered {number}", category=category)
    assert "Page 1 of 3" in client.get("/desk/").get_data(as_text=True)
    assert "Page 3 of 3" in client.get("/desk/?page=3").get_data(as_text=True)


def long_table(rows: int) -> str:
    return "| n | x |\n|---|---|\n" + "".join(f"|{n}|x|\n" for n in range(rows))


@pytest.mark.parametrize("action", ["/desk/articles/new", "/desk/preview"])
def test_a_body_over_the_line_limit_is_refused_before_it_is_rendered(app, client, make, post_form, monkeypatch, action):
    """Cleaning took seconds for a long table (10,000 rows: 8 s a preview); lines are counted first."""
    app.config["ARTICLE_BODY_MAX_LINES"] = 100
    sign_in(make, post_form)
    category = make.category("Guides", slug="guides")
    rendered = []
    monkeypatch.setattr("blogapp.storage.models.articles.render_article_body", lambda text: rendered.append(text) or "")
    response = post_form("/desk/articles/new", action, article_form(category.id, body=long_table(99)))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "the body has 101 lines" in page.lower() and "at most 100 are allowed" in page
    assert "line 101" in page  # two header lines, then the 99th row is the first over
    assert rendered == [] and article_count() == 0


def test_a_long_real_article_fits_the_limits(client, make, post_form):
    sign_in(make, post_form)
    category = make.category("Guides", slug="guides")
    paragraph = "Encryption protects what you say; metadata tells who you said it to, and when. " * 6
    body = "\n\n".join([paragraph] * 80 + [long_table(300)])  # ~40,000 characters, 400 lines
    response = post_form("/desk/articles/new", "/desk/articles/new", article_form(category.id, body=body))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert db.session.scalar(select(Article.body_html)).count("<tr>") == 301


def test_a_table_over_the_row_limit_is_refused_with_the_default_limits(client, make, post_form):
    sign_in(make, post_form)
    category = make.category("Guides", slug="guides")
    response = post_form("/desk/articles/new", "/desk/preview", article_form(category.id, body=long_table(1_000)))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "1,002 table rows (lines with a |); at most 1,000 are allowed" in page and article_count() == 0
