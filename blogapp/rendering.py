"""Markdown to HTML for article bodies: CommonMark plus tables."""

from __future__ import annotations

from markdown_it import MarkdownIt

from .sanitize import clean_article

_markdown = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")


def render_article_body(markdown_text: str) -> str:
    """Render an editor's Markdown and clean it; called when an article is saved."""
    return clean_article(_markdown.render(markdown_text))
