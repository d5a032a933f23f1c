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

import yaml
from frontmatter.default_handlers import YAMLHandler
from slugify import slugify
from sqlalchemy import select

from ..extensions import db
from ..storage.models import Article, ArticleStatus, Category
from ..text.markdown import BodyLimits, BodyTooLarge, check_body_size
from ..text.plaintext import has_line_break

FIELDS = {"title", "slug", "category", "date", "status", "summary"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ImportProblem(Exception):
    """A file that cannot be imported, with where and why."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class FileLimits:
    """What one file may hold: front matter bytes (before YAML reads it) and the body."""

    front_matter_max_bytes: int
    body: BodyLimits

    @classmethod
    def from_config(cls, config) -> FileLimits:
        return cls(config["IMPORT_FRONT_MATTER_MAX_BYTES"], BodyLimits.from_config(config))

    @property
    def max_characters(self) -> int:
        """More than this cannot be front matter and a body within the limits."""
        return self.front_matter_max_bytes + self.body.max_length + 16


class _NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases (``*name``).

    Front matter never needs one, and with them a few hundred bytes ("billion
    laughs") make a title of gigabytes once it is turned into text.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in front matter", mark)
        return super().compose_node(parent, index)


class _FrontMatter(YAMLHandler):
    def load(self, fm: str, **kwargs):
        return super().load(fm, Loader=_NoAliasLoader)


@dataclass(frozen=True)
class ArticleSource:
    title: str
    slug: str
    category: str
    published_at: datetime | None
    status: ArticleStatus
    summary: str
    body: str
    # The file and the line its body starts on, for messages about the body.
    path: Path = Path()
    body_line: int = 1


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


def _read(path: Path, limits: FileLimits) -> str:
    try:
        with path.open(encoding="utf-8") as file:
            text = file.read(limits.max_characters + 1)
    except (OSError, UnicodeDecodeError) as error:
        raise ImportProblem(path, 1, f"cannot read the file ({error})") from None
    if len(text) > limits.max_characters:
        raise ImportProblem(path, 1, f"the file is longer than {limits.max_characters:,} characters")
    if not text.startswith("---"):
        raise ImportProblem(path, 1, "the file must start with front matter between '---' lines")
    return text


def _front_matter(path: Path, text: str, limits: FileLimits) -> tuple[dict, str, int]:
    """The front matter's fields, the body and its first line, each checked against ``limits`` first."""
    handler = _FrontMatter()
    try:
        fm, content = handler.split(text)
    except ValueError:
        raise ImportProblem(path, 1, "the front matter has no closing '---' line") from None
    if len(fm.encode()) > limits.front_matter_max_bytes:
        raise ImportProblem(path, 2, f"the front matter is over {limits.front_matter_max_bytes:,} bytes")
    body = content.strip()
    # The content is the end of the text: the body starts where its blank lines end.
    body_line = text.count("\n", 0, len(text) - len(content.lstrip())) + 1
    try:
        check_body_size(body, limits.body)
    except BodyTooLarge as problem:
        raise ImportProblem(path, body_line + problem.line - 1, problem.message) from None
    try:
        meta = handler.load(fm)
    except yaml.YAMLError as error:
        # The construct that went wrong starts at the context mark, when there is one.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        # YAML gets the text from the end of the opening "---" line on, so its
        # 0-based line N is the file's line N + 1.
        line = mark.line + 1 if mark else 1
        raise ImportProblem(path, line, f"the front matter is not valid YAML: {getattr(error, 'problem', error)}") from None
    return (meta if isinstance(meta, dict) else {}), body, body_line


def parse_article_file(path: Path, limits: FileLimits) -> ArticleSource:
    """Read and check one file.

    :raise ImportProblem: naming the file, the line and what is wrong.
    """
    text = _read(path, limits)
    meta, body, body_line = _front_matter(path, text, limits)
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
        body=body,
        path=path,
        body_line=body_line,
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
