"""Markdown to HTML for article bodies: CommonMark plus tables."""

from __future__ import annotations

from functools import cache

from .sanitize import clean_article


@cache
def _markdown():
    # Built on the first save: a worker that only serves pages never loads markdown-it.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")


def render_article_body(markdown_text: str) -> str:
    """Render an editor's Markdown and clean it; called when an article is saved."""
    return clean_article(_markdown().render(markdown_text))
