"""The page blogapp was created from (shared/seed/article.txt) renders faithfully.

The seed is plain text: breadcrumbs ("1. Blog/", "2. <category>/", "3. <title>"),
the title again, then paragraphs; a one-line paragraph that asks a question is
one of the article's own sub-headings. The test turns it into the Markdown an
editor would write, imports it through the real command and reads the page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "article.txt"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"the seed article is not at {SEED}")


def parse_seed(text: str) -> dict:
    crumbs = re.findall(r"^\s*\d+\.\s*(.+?)/?\s*$", text, re.M)[:3]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.split(crumbs[2], 1)[1]) if b.strip()]
    title, *body = blocks if blocks[0] == crumbs[2] else [crumbs[2], *blocks]
    headings = [b for b in body if "\n" not in b and b.endswith("?") and len(b) < 100]
    return {"category": crumbs[1], "title": title, "body": body, "headings": headings}


def as_markdown(seed: dict) -> str:
    body = "\n\n".join(f"## {b}" if b in seed["headings"] else b for b in seed["body"])
    return f'---\ntitle: "{seed["title"]}"\ncategory: {seed["category"]}\ndate: 2020-07-07\nstatus: published\n---\n{body}\n'


def test_the_seed_article_renders_with_its_shape(runner, client, tmp_path):
    seed = parse_seed(SEED.read_text(encoding="utf-8"))
    assert seed["category"] == "News and Updates" and seed["headings"], "the seed's shape changed"
    source = tmp_path / "seed.md"
    source.write_text(as_markdown(seed), encoding="utf-8")
    assert runner.invoke(args=["articles", "import", str(source)]).exit_code == 0

    page = client.get("/articles/whatsapp-refused-to-hand-over-data-to-authorities-of-hong-kong/")
    assert page.status_code == 200
    text = html.unescape(page.get_data(as_text=True))
    nav = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', text, re.S).group(0)
    assert re.findall(r">([^<>]+)</a></li>", nav) == ["Blog", "News and Updates", seed["title"]]
    assert f"<h1>{seed['title']}</h1>" in text
    body = re.search(r'<div class="article-body">(.*?)</div>', text, re.S).group(1)
    assert re.findall(r"<h2>(.*?)</h2>", body) == seed["headings"]
    paragraphs = [p for p in seed["body"] if p not in seed["headings"]]
    assert re.findall(r"<p>(.*?)</p>", body, re.S) == paragraphs
