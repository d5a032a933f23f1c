"""Articles from Markdown files with front matter, as static-site generators write them.

A file looks like::

    ---
    title: "A title"
    slug: a-title            # optional: made from the title
    category: News and Updates
    date: 2026-10-02         # optional for drafts
    status: published        # or draft (the default)
    summary: "One sentence."
    ---
    The body, in Markdown.

Parsing is separate from saving so that a batch with one bad file writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import frontmatter
import yaml
from slugify import slugify
from sqlalchemy import select

from .extensions import db
from .models import Article, ArticleStatus, Category
from .plaintext import has_line_break

FIELDS = {"title", "slug", "category", "date", "status", "summary"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ImportProblem(Exception):
    """A file that cannot be imported, with where and why."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class ArticleSource:
    title: str
    slug: str
    category: str
    published_at: datetime | None
    status: ArticleStatus
    summary: str
    body: str


def _line_of(text: str, key: str) -> int:
    """The line of ``key:`` in the front matter, to point the user at it."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0))
    return datetime.fromisoformat(str(value)).replace(tzinfo=None)


def parse_article_file(path: Path) -> ArticleSource:
    """Read and check one file.

    :raise ImportProblem: naming the file, the line and what is wrong.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportProblem(path, 1, f"cannot read the file ({error})") from None
    if not text.startswith("---"):
        raise ImportProblem(path, 1, "the file must start with front matter between '---' lines")
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        # The construct that went wrong starts at the context mark, when there is one.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        # YAML gets the text from the end of the opening "---" line on, so its
        # 0-based line N is the file's line N + 1.
        line = mark.line + 1 if mark else 1
        raise ImportProblem(path, line, f"the front matter is not valid YAML: {getattr(error, 'problem', error)}") from None
    meta = post.metadata
    for key in sorted(set(meta) - FIELDS):
        raise ImportProblem(path, _line_of(text, key), f"unknown field '{key}' (known: {', '.join(sorted(FIELDS))})")
    for key in ("title", "category"):
        if not str(meta.get(key) or "").strip():
            raise ImportProblem(path, 1, f"the front matter needs a '{key}'")
    for key in ("title", "category", "slug"):
        # A person wrote the file: say where, rather than guess how to join the lines.
        if has_line_break(str(meta.get(key) or "").strip()):
            raise ImportProblem(path, _line_of(text, key), f"the {key} must be on one line")
    status_text = str(meta.get("status", "draft")).strip().lower()
    if status_text not in {s.value for s in ArticleStatus}:
        raise ImportProblem(path, _line_of(text, "status"), f"status must be draft or published, not '{status_text}'")
    status = ArticleStatus(status_text)
    published_at = None
    if meta.get("date") is not None:
        try:
            published_at = _as_datetime(meta["date"])
        except ValueError:
            raise ImportProblem(path, _line_of(text, "date"), f"'{meta['date']}' is not a date like 2026-10-02") from None
    elif status == ArticleStatus.PUBLISHED:
        raise ImportProblem(path, 1, "a published article needs a 'date'")
    title = str(meta["title"]).strip()
    slug = str(meta.get("slug") or slugify(title, max_length=200, word_boundary=True))
    if not _SLUG.fullmatch(slug) or len(slug) > 200:
        raise ImportProblem(path, _line_of(text, "slug"), f"slug '{slug}' must be lowercase letters, digits and hyphens")
    if len(title) > 200:
        raise ImportProblem(path, _line_of(text, "title"), "the title is longer than 200 characters")
    return ArticleSource(
        title=title,
        slug=slug,
        category=str(meta["category"]).strip(),
        published_at=published_at,
        status=status,
        summary=str(meta.get("summary") or "").strip(),
        body=post.content,
    )


def find_or_create_category(name: str) -> Category:
    """The category called ``name``, created when it is new."""
    slug = slugify(name, max_length=80, word_boundary=True)
    category = db.session.scalar(select(Category).filter_by(slug=slug))
    if category is None:
        category = Category(name=name, slug=slug, description="")
        db.session.add(category)
    return category


def save_article(source: ArticleSource) -> bool:
    """Create or update the article with ``source.slug``; True when it is new.

    The caller commits, so that a batch is saved whole or not at all.
    """
    category = find_or_create_category(source.category)
    article = db.session.scalar(select(Article).filter_by(slug=source.slug))
    created = article is None
    if created:
        article = Article(slug=source.slug)
    article.title = source.title
    article.category = category
    article.summary = source.summary
    article.body_markdown = source.body
    article.status = source.status
    article.published_at = source.published_at
    db.session.add(article)
    db.session.flush()
    return created
