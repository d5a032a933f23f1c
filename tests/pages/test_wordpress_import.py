"""``flask import-wordpress``: a WXR export in, our categories, articles and comments out."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Article, ArticleStatus, Category, Comment, CommentStatus

EXPORT = Path(__file__).parents[1] / "data" / "wordpress-export.xml"


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
    # An image on the old site is not kept: readers' browsers would ask that host for it.
    assert "old.example.org" not in html and "<figure>" in html
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


def comment_xml(wp_id: int, parent: int) -> str:
    return f"""<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
        <wp:comment_author><![CDATA[Reader {wp_id}]]></wp:comment_author>
        <wp:comment_date_gmt>2026-03-08 {wp_id % 24:02}:{wp_id % 60:02}:00</wp:comment_date_gmt>
        <wp:comment_content><![CDATA[Reply number {wp_id}.]]></wp:comment_content>
        <wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def with_comments(tmp_path: Path, pairs) -> Path:
    """The export, with comments (id, the id it answers) added to “Crossing the Border”."""
    return broken_copy(tmp_path, "\t</item>", "".join(comment_xml(*pair) for pair in pairs) + "\t</item>")


def test_comments_that_answer_each_other_in_a_loop_are_named_and_nothing_is_written(runner, tmp_path):
    result = import_file(runner, with_comments(tmp_path, [(201, 100), (202, 204), (203, 202), (204, 203)]))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "comments 202, 204, 203 on “Crossing the Border With a Laptop” answer each other in a loop" in result.output
    assert "nothing was imported" in result.output and counts() == (0, 0, 0)


def test_a_comment_answering_itself_is_a_loop_too(runner, tmp_path):
    result = import_file(runner, with_comments(tmp_path, [(201, 201)]))
    assert result.exit_code == 1 and "comments 201 on “Crossing" in result.output and counts() == (0, 0, 0)


def test_a_long_reply_chain_is_stored_no_deeper_than_the_page_shows_it(app, runner, client, tmp_path):
    """A 10,000-deep chain imported in 47 s and made a 4.8 MB page; replies past the
    deepest level join it, as the comment form does."""
    chain = [(201, 100)] + [(n, n - 1) for n in range(202, 261)]
    result = import_file(runner, with_comments(tmp_path, chain))
    assert result.exit_code == 0, result.output
    comments = {c.author_name: c for c in db.session.scalars(select(Comment))}
    depth = app.config["COMMENT_THREAD_DEPTH"]
    for comment in comments.values():
        level, parent = 1, comment.parent
        while parent is not None:
            level, parent = level + 1, parent.parent
        assert level <= depth, (comment.author_name, level)
    # Amara (100) < 201 < 202 is the deepest level; every later reply hangs from 201.
    assert comments["Reader 202"].parent is comments["Reader 201"]
    assert comments["Reader 260"].parent is comments["Reader 201"]
    page = client.get("/articles/crossing-the-border/").get_data(as_text=True)
    assert "Reply number 260." in page and "Reply number 202." in page


def test_duplicate_comment_ids_are_refused(runner, tmp_path):
    result = import_file(runner, with_comments(tmp_path, [(100, 0)]))
    assert result.exit_code == 1 and "more than one comment with id 100" in result.output and counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "setting, value, message",
    [
        ("WORDPRESS_EXPORT_MAX_BYTES", 1_000, "bytes; at most 1,000 are read (WORDPRESS_EXPORT_MAX_BYTES)"),
        ("WORDPRESS_EXPORT_MAX_ITEMS", 5, "has 6 items; at most 5 are imported"),
        ("WORDPRESS_EXPORT_MAX_COMMENTS", 2, "has 3 comments; at most 2 are imported"),
        ("ARTICLE_BODY_MAX_LENGTH", 100, "“Crossing the Border With a Laptop”: the body is"),
    ],
)
def test_an_export_over_a_limit_is_refused_before_anything_is_written(app, runner, setting, value, message):
    app.config[setting] = value
    result = import_file(runner, EXPORT)
    assert result.exit_code == 1 and message in result.output, result.output
    assert "nothing was imported" in result.output and counts() == (0, 0, 0)
