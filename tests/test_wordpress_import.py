"""``flask import-wordpress``: a WXR export in, our categories, articles and comments out."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.models import Article, ArticleStatus, Category, Comment, CommentStatus

EXPORT = Path(__file__).parent / "data" / "wordpress-export.xml"


def counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count(m.id))) for m in (Category, Article, Comment))


def import_file(runner, path: Path):
    return runner.invoke(args=["import-wordpress", str(path)])


def test_an_export_becomes_categories_articles_and_threaded_comments(runner, client):
    result = import_file(runner, EXPORT)
    assert result.exit_code == 0, result.output
    assert "articles new: 4" in result.output and "skipped page (publish): 1" in result.output
    assert "comments new (approved): 2" in result.output and "comments new (pending): 1" in result.output

    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    assert set(categories) == {"field-notes", "xin-wen", "uncategorized"}
    assert categories["field-notes"].description == "Reports from the road."

    articles = {a.slug: a for a in db.session.scalars(select(Article))}
    assert set(articles) == {"crossing-the-border", "xiang-gang-xin-wen", "annual-report", "half-written-thoughts"}
    border = articles["crossing-the-border"]
    assert border.is_published and border.category.slug == "field-notes"
    assert border.published_at.isoformat() == "2026-03-04T09:15:00"
    assert border.summary == "What to do before you reach the checkpoint."
    assert articles["annual-report"].is_scheduled
    assert articles["half-written-thoughts"].status == ArticleStatus.DRAFT
    assert articles["xiang-gang-xin-wen"].comments_open is False

    # The post's HTML went through the editor's allowlist.
    html = border.body_html
    assert '<img src="https://old.example.org/wp-content/uploads/border.jpg" alt="A border post at dusk">' in html
    assert "<figcaption>The crossing</figcaption>" in html and "<strong>inspect devices</strong>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html and "<!--" not in html

    comments = {c.author_name: c for c in border.comments}
    assert set(comments) == {"Amara", "Ben", "Cleo"}
    assert comments["Amara"].status == CommentStatus.APPROVED and comments["Amara"].parent is None
    assert comments["Ben"].parent is comments["Amara"] and comments["Cleo"].parent is comments["Amara"]
    assert comments["Cleo"].status == CommentStatus.PENDING
    assert comments["Amara"].author_url == "https://amara.example.org"

    page = client.get("/articles/crossing-the-border/").get_data(as_text=True)
    assert "This helped me last month." in page and "Does this apply to phones too?" not in page
    assert client.get("/articles/annual-report/").status_code == 404


def test_importing_twice_duplicates_nothing(runner):
    assert import_file(runner, EXPORT).exit_code == 0
    before = counts()
    result = import_file(runner, EXPORT)
    assert result.exit_code == 0, result.output
    assert counts() == before
    assert "articles already here: 4" in result.output and "comments already here: 3" in result.output
    assert "new" not in result.output


def test_imported_articles_are_searchable(runner, client):
    import_file(runner, EXPORT)
    assert "香港新闻自由观察" in client.get("/search", query_string={"q": "新闻自由"}).get_data(as_text=True)
    assert "Crossing the Border" in client.get("/search", query_string={"q": "encryption"}).get_data(as_text=True)
    assert "Annual Report" not in client.get("/search", query_string={"q": "transparency"}).get_data(as_text=True)


def changed_copy(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    text = EXPORT.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_line_breaks_in_titles_and_names_are_folded_to_a_space(runner, tmp_path):
    """WordPress lets a title hold a line break; here it is one line, as mail subjects need."""
    path = changed_copy(
        tmp_path,
        ("<title>Crossing the Border With a Laptop</title>", "<title>Crossing the Border\r\n  With a Laptop</title>"),
        ("<![CDATA[Field Notes]]></wp:cat_name>", "<![CDATA[Field\nNotes]]></wp:cat_name>"),
        ("<wp:comment_author><![CDATA[Amara]]>", "<wp:comment_author><![CDATA[Ama\u2028ra]]>"),
    )
    result = import_file(runner, path)
    assert result.exit_code == 0, result.output
    article = db.session.scalar(select(Article).filter_by(slug="crossing-the-border"))
    assert article.title == "Crossing the Border With a Laptop"
    assert article.category.name == "Field Notes"
    assert {c.author_name for c in article.comments} == {"Ama ra", "Ben", "Cleo"}


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    return changed_copy(tmp_path, (old, new))


@pytest.mark.parametrize(
    "old, new, messages",
    [
        ("</channel>", "</chanel>", ["is not well-formed XML (line", "nothing was imported"]),
        # The third post is broken: the two before it must not be saved either.
        ("2099-01-01 09:00:00", "next tuesday", ["“Coming Soon: Our Annual Report”", "is not a date"]),
    ],
    ids=["malformed", "bad-date"],
)
def test_a_broken_export_is_reported_and_nothing_is_written(runner, tmp_path, old, new, messages):
    result = import_file(runner, broken_copy(tmp_path, old, new))
    assert result.exit_code == 1
    assert all(message in result.output for message in messages), result.output
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "content, message",
    [
        ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss><channel>&b;</channel></rss>', "declares a DTD or entities"),
        ('<?xml version="1.0"?><rss><channel><title>Just RSS</title></channel></rss>', "is not a WordPress export"),
        ("", "is not well-formed XML"),
    ],
    ids=["entities", "plain-rss", "empty"],
)
def test_files_that_are_not_exports_are_refused(runner, tmp_path, content, message):
    path = tmp_path / "export.xml"
    path.write_text(content, encoding="utf-8")
    result = import_file(runner, path)
    assert result.exit_code == 1 and message in result.output
    assert counts() == (0, 0, 0)


def test_a_missing_file_is_reported(runner, tmp_path):
    result = import_file(runner, tmp_path / "nope.xml")
    assert result.exit_code == 1 and "cannot read" in result.output
