"""``flask articles import``: Markdown with front matter, all or nothing."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Article, ArticleStatus, Category


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


GOOD = """
    ---
    title: "Encryption, briefly"
    slug: encryption-briefly
    category: Privacy Guides
    date: 2026-10-02
    status: published
    summary: "What it does and does not protect."
    ---
    Intro paragraph.

    ## A heading

    | a | b |
    |---|---|
    | 1 | 2 |
    """


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_good_file_creates_its_category_and_article(runner, tmp_path, client):
    result = runner.invoke(args=["articles", "import", str(write(tmp_path, "a.md", GOOD))])
    assert result.exit_code == 0, result.output
    assert "Imported 1 article(s): 1 new, 0 updated." in result.output
    article = db.session.scalar(select(Article).filter_by(slug="encryption-briefly"))
    assert article.category.name == "Privacy Guides" and article.category.slug == "privacy-guides"
    assert article.status == ArticleStatus.PUBLISHED
    assert "<h2>A heading</h2>" in article.body_html and "<td>1</td>" in article.body_html
    assert "Encryption, briefly" in client.get("/category/privacy-guides/").get_data(as_text=True)


def test_importing_the_same_slug_again_updates_it(runner, tmp_path):
    runner.invoke(args=["articles", "import", str(write(tmp_path, "a.md", GOOD))])
    changed = GOOD.replace("Intro paragraph.", "Rewritten intro.")
    result = runner.invoke(args=["articles", "import", str(write(tmp_path, "a.md", changed))])
    assert "0 new, 1 updated" in result.output
    assert count(Article) == 1
    assert "Rewritten intro." in db.session.scalar(select(Article.body_html))


def test_the_slug_is_made_from_the_title_when_missing(runner, tmp_path):
    text = GOOD.replace("    slug: encryption-briefly\n", "")
    runner.invoke(args=["articles", "import", str(write(tmp_path, "a.md", text))])
    assert db.session.scalar(select(Article.slug)) == "encryption-briefly"


BAD = [
    pytest.param(GOOD.replace('    title: "Encryption, briefly"\n', ""), 1, "needs a 'title'", id="no title"),
    pytest.param(GOOD.replace("status: published", "status: live"), 6, "status must be draft or published", id="bad status"),
    pytest.param(GOOD.replace("date: 2026-10-02", "date: someday"), 5, "is not a date", id="bad date"),
    pytest.param(GOOD.replace("summary:", "summary: [unclosed\n    oops:"), 7, "not valid YAML", id="broken yaml"),
    pytest.param(GOOD.replace("slug: encryption-briefly", "slug: Not A Slug!"), 3, "must be lowercase letters", id="bad slug"),
    pytest.param(GOOD.replace("category:", "colour: blue\n    category:"), 4, "unknown field 'colour'", id="unknown field"),
    pytest.param("Just text, no front matter.\n", 1, "must start with front matter", id="no front matter"),
    # One-line fields go into mail subjects: a line break there is the author's to fix.
    pytest.param(GOOD.replace('"Encryption, briefly"', '"Encryption,\\nbriefly"'), 2, "the title must be on one line",
                 id="title on two lines"),
    pytest.param(GOOD.replace("category: Privacy Guides", 'category: "Privacy\\u2028Guides"'), 4,
                 "the category must be on one line", id="category on two lines"),
    pytest.param(GOOD.replace("slug: encryption-briefly", 'slug: "encryption-briefly\\n"'), 3,
                 "must be lowercase letters", id="slug with a trailing newline"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD)
def test_a_bad_file_is_reported_by_name_and_line_and_nothing_is_written(runner, tmp_path, text, line, message):
    good = write(tmp_path, "good.md", GOOD.replace("encryption-briefly", "other-article"))
    bad = write(tmp_path, "bad.md", text)
    result = runner.invoke(args=["articles", "import", str(good), str(bad)])
    assert result.exit_code != 0
    assert f"{bad}:{line}: " in result.output and message in result.output
    assert "nothing was imported" in result.output
    assert count(Article) == 0 and count(Category) == 0


def test_two_files_with_one_slug_are_refused(runner, tmp_path):
    first, second = write(tmp_path, "1.md", GOOD), write(tmp_path, "2.md", GOOD)
    result = runner.invoke(args=["articles", "import", str(first), str(second)])
    assert result.exit_code != 0 and "appears in more than one file" in result.output
    assert count(Article) == 0


def test_a_missing_file_is_reported(runner, tmp_path):
    result = runner.invoke(args=["articles", "import", str(tmp_path / "nope.md")])
    assert result.exit_code != 0 and "nope.md:1: cannot read the file" in result.output


# "Billion laughs": nine aliases of nine aliases..., 9**8 strings once the title is made text.
ALIAS_BOMB = """
    ---
    title: [&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a],
      &c [*b,*b,*b,*b,*b,*b,*b,*b,*b], &d [*c,*c,*c,*c,*c,*c,*c,*c,*c], &e [*d,*d,*d,*d,*d,*d,*d,*d,*d],
      &f [*e,*e,*e,*e,*e,*e,*e,*e,*e], &g [*f,*f,*f,*f,*f,*f,*f,*f,*f], &h [*g,*g,*g,*g,*g,*g,*g,*g,*g],
      [*h,*h,*h,*h,*h,*h,*h,*h,*h]]
    category: News
    ---
    Body.
    """


def table_rows(rows: int) -> str:
    return "\n    | n | x |\n    |---|---|\n" + "".join(f"    |{n}|x|\n" for n in range(rows))


LIMITS = [
    # Refused at the first alias, not by running out of memory.
    pytest.param(ALIAS_BOMB, 2, "aliases (*name) are not allowed", id="alias bomb"),
    pytest.param(GOOD.replace('summary: "', 'summary: "' + "x" * 17_000), 2, "front matter is over 16,384 bytes",
                 id="front matter size"),
    # The body starts at line 10 with the table's header: its 1,001st row with a | is line 1,010.
    pytest.param(GOOD.replace("Intro paragraph.\n", table_rows(1_001)), 1_010,
                 "the body has 1,006 table rows (lines with a |); at most 1,000", id="table rows"),
    pytest.param(GOOD.replace("Intro paragraph.", "Long. " * 35_000), 9, "the body is 210,", id="body length"),
    pytest.param(GOOD + "x" * 220_000, 1, "the file is longer than 216,400 characters", id="file length"),
]


@pytest.mark.parametrize(("text", "line", "message"), LIMITS)
def test_a_file_over_the_limits_is_refused_by_name_and_line_before_it_is_parsed(runner, tmp_path, text, line, message):
    bad = write(tmp_path, "bad.md", text)
    result = runner.invoke(args=["articles", "import", str(write(tmp_path, "good.md", GOOD.replace("encryption-briefly", "x"))), str(bad)])
    assert result.exit_code != 0
    assert f"{bad}:{line}: " in result.output and message in result.output, result.output
    assert count(Article) == 0 and count(Category) == 0


def test_anchors_without_aliases_are_still_read(runner, tmp_path):
    result = runner.invoke(args=["articles", "import", str(write(tmp_path, "a.md", GOOD.replace("category:", "category: &c")))])
    assert result.exit_code == 0, result.output
