"""``flask articles import``: Markdown with front matter, all or nothing."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.models import Article, ArticleStatus, Category


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
