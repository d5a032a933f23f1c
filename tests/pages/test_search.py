"""Full-text search: SQLite FTS5 by default, PostgreSQL tsvector when CI points there."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from blogapp.extensions import db
from blogapp.storage.models import Article, ArticleStatus, utcnow

from helpers.publishing import article_form, sign_in

HOSTILE_QUERIES = [
    '"', '""', "'", "*", "a*", "NEAR(", "NEAR(a b", "title:x", "-", "^", "AND", "OR NOT", "(", ")",
    "\\", "%", "_", "&&", "!!", "<->", ":*", "x' OR 1=1 --", "😀", "NEAR(" * 2000, "e" * 10_000,
]


def found_titles(client, query: str, page: int = 1) -> list[str]:
    response = client.get("/search", query_string={"q": query, "page": page})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    results = html.split('<ol class="search-results">', 1)
    if len(results) == 1:
        return []
    return [a.split(">", 1)[1].split("</a>", 1)[0] for a in results[1].split("<h2>")[1:]]


def test_search_finds_published_articles_by_title_summary_and_body(client, make):
    make.article(title="Encryption basics", body_markdown="Plain words.")
    make.article(title="Summary holder", summary="Everything about passphrases.")
    make.article(title="Body holder", body_markdown="Deep inside: *keyloggers* explained.")
    assert found_titles(client, "encryption") == ["Encryption basics"]
    assert found_titles(client, "passphrases") == ["Summary holder"]
    assert found_titles(client, "keyloggers") == ["Body holder"]
    assert found_titles(client, "KEYLOGGERS explained") == ["Body holder"]
    assert found_titles(client, "keyloggers absent-word") == []


def test_a_title_match_ranks_above_a_body_match(client, make):
    make.article(title="Unrelated", body_markdown="One mention of metadata in passing, among many other words.")
    make.article(title="Metadata, explained", body_markdown="Something.")
    assert found_titles(client, "metadata") == ["Metadata, explained", "Unrelated"]


def test_a_chinese_phrase_finds_its_article(client, make):
    make.article(title="香港新闻自由", body_markdown="本文讨论香港新闻自由的现状与未来。数据保护法也很重要。")
    make.article(title="Other", body_markdown="没有相关内容的文章。")
    assert found_titles(client, "新闻自由") == ["香港新闻自由"]
    assert found_titles(client, "数据保护法") == ["香港新闻自由"]
    assert found_titles(client, "自由新闻") == []  # the same characters in another order
    html = client.get("/search", query_string={"q": "数据保护"}).get_data(as_text=True)
    assert "<mark>数据保护</mark>" in html


def test_drafts_and_scheduled_articles_are_never_found(client, make):
    make.article(title="Visible secret", body_markdown="lighthouse")
    make.article(title="Draft secret", body_markdown="lighthouse", status=ArticleStatus.DRAFT, published_at=None)
    scheduled = make.article(title="Scheduled secret", body_markdown="lighthouse", published_at=utcnow() + timedelta(hours=2))
    assert found_titles(client, "lighthouse") == ["Visible secret"]
    assert found_titles(client, "secret") == ["Visible secret"]
    db.session.execute(update(Article).where(Article.id == scheduled.id).values(published_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert sorted(found_titles(client, "lighthouse")) == ["Scheduled secret", "Visible secret"]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_give_a_normal_page(client, make, query):
    make.article(title="Near and far", body_markdown="A title with a star * and quotes \" inside.")
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert "Search" in response.get_data(as_text=True)


def test_a_nul_in_the_query_is_refused_with_a_message(client):
    response = client.get("/search", query_string={"q": "a\x00b"})
    assert response.status_code == 400
    assert "not valid text" in response.get_data(as_text=True)


def test_an_empty_query_shows_the_form(client):
    for query in ("", "   ", "!!!"):
        response = client.get("/search", query_string={"q": query})
        assert response.status_code == 200
        assert 'role="search"' in response.get_data(as_text=True)
    assert client.get("/search").status_code == 200


def test_results_are_paginated_and_highlighted_safely(client, make, app):
    app.config["ARTICLES_PER_PAGE"] = 5
    for number in range(7):
        make.article(title=f"Harbour {number}", body_markdown=f"The harbour <b>{number}</b> & <i>friends</i> 1 < 2.")
    first, second = found_titles(client, "harbour"), found_titles(client, "harbour", page=2)
    assert len(first) == 5 and len(second) == 2 and not set(first) & set(second)
    html = client.get("/search", query_string={"q": "harbour"}).get_data(as_text=True)
    assert "7 articles match" in html and "Page 1 of 2" in html
    assert "<mark>harbour</mark>" in html and "&lt;" in html and "<b>" not in html
    assert client.get("/search", query_string={"q": "harbour", "page": "x"}).status_code == 404


def test_the_desk_keeps_the_index_in_step(client, make, post_form):
    sign_in(make, post_form)
    article = make.article(title="Old words", body_markdown="walrus")
    url = f"/desk/articles/{article.id}/edit"
    data = article_form(article.category_id, title="New words", slug=article.slug, body="narwhal", version="1")
    assert post_form(url, url, data).status_code == 303
    assert found_titles(client, "walrus") == []
    assert found_titles(client, "narwhal") == ["New words"]
    db.session.delete(db.session.get(Article, article.id))
    db.session.commit()
    assert found_titles(client, "narwhal") == []


def test_the_import_command_indexes_what_it_imports(client, runner, tmp_path: Path):
    source = tmp_path / "imported.md"
    source.write_text(
        "---\ntitle: Imported piece\ncategory: Imports\ndate: 2026-01-02\nstatus: published\n---\nAbout the albatross.\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["articles", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert found_titles(client, "albatross") == ["Imported piece"]


def test_rebuilding_the_index_keeps_search_working(client, runner, make):
    make.article(title="Rebuilt", body_markdown="pelican")
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0 and "Indexed 1 article(s)." in result.output
    assert found_titles(client, "pelican") == ["Rebuilt"]


def test_the_models_match_the_migrations(runner):
    """The hand-made search tables are left out of the comparison on purpose."""
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
