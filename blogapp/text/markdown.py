"""Markdown to HTML for article bodies: CommonMark plus tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from .images import Picture, image_sources, pictures_for
from .sanitize import clean_article


@dataclass(frozen=True)
class BodyLimits:
    """How much Markdown an article body may ask the server to render.

    Rendering and cleaning cost about the same per line (a list item, a
    paragraph's line) and about three times that per table row (three
    elements), so both are counted as well as characters.
    """

    max_length: int
    max_lines: int
    max_table_rows: int

    @classmethod
    def from_config(cls, config) -> BodyLimits:
        return cls(config["ARTICLE_BODY_MAX_LENGTH"], config["ARTICLE_BODY_MAX_LINES"],
                   config["ARTICLE_BODY_MAX_TABLE_ROWS"])


class BodyTooLarge(ValueError):
    """A body over its limits; ``line`` is where it goes over (1 = its first line)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def check_body_size(markdown_text: str, limits: BodyLimits) -> None:
    """Refuse a body over ``limits``, before any of it is parsed.

    :raise BodyTooLarge: saying which limit and where the body passes it.
    """
    if len(markdown_text) > limits.max_length:
        line = markdown_text.count("\n", 0, limits.max_length) + 1
        raise BodyTooLarge(line, f"the body is {len(markdown_text):,} characters long; at most {limits.max_length:,} are allowed")
    written = [(number, line) for number, line in enumerate(markdown_text.splitlines(), start=1) if line.strip()]
    if len(written) > limits.max_lines:
        raise BodyTooLarge(written[limits.max_lines][0], f"the body has {len(written):,} lines (list items, paragraph lines, "
                           f"table rows); at most {limits.max_lines:,} are allowed")
    # Every table row has a "|"; a line of code with one is counted too.
    rows = [number for number, line in written if "|" in line]
    if len(rows) > limits.max_table_rows:
        raise BodyTooLarge(rows[limits.max_table_rows], f"the body has {len(rows):,} table rows (lines with a |); "
                           f"at most {limits.max_table_rows:,} are allowed")


@cache
def _markdown():
    # Built on the first save: a worker that only serves pages never loads markdown-it.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")


def render_article_body(markdown_text: str, pictures: Mapping[int, Picture] | None = None) -> str:
    """Render an editor's Markdown and clean it; called when an article is saved.

    ``pictures``: the uploaded images its ``media:ID`` references name.
    """
    with pictures_for(pictures or {}):
        return clean_article(_markdown().render(markdown_text))


def body_image_sources(markdown_text: str) -> list[tuple[int, str]]:
    """Every image address the body asks browsers to load, with its line."""
    return image_sources(_markdown().parse(markdown_text))
