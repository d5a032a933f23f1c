"""The only module that imports bleach: every comment and article is cleaned here.

Comments arrive as text with a little HTML; articles arrive as HTML rendered
from an editor's Markdown. Both are cleaned once, when they are saved, and
pages show only what these functions return. What each may keep is in
``allowlists``, how links are checked and marked in ``links``, and the bounds
on html5lib's work in ``html_trees``.

bleach and its html5lib parser (about 3 MB in each gunicorn worker) are
loaded by the first cleaning, not on import: a worker that only serves pages
never loads them.
"""

from __future__ import annotations

import re
from functools import cache, partial
from typing import TYPE_CHECKING

from markupsafe import escape

from .allowlists import ARTICLE_ATTRIBUTES, ARTICLE_FILTERS, ARTICLE_TAGS, COMMENT_ATTRIBUTES, COMMENT_TAGS
from .html_trees import TooDeep, bounded_tree_builder, linear_tree_walker
from .links import LINK_PROTOCOLS, set_link_rel

if TYPE_CHECKING:
    from bleach import Cleaner

MAX_CLEANING_PASSES = 5

# Control characters (but tab, newline, carriage return) have no place in text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_TAG = re.compile(r"<\s*(p|pre|blockquote|ul|ol)\b", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")


def _cleaner(tags: frozenset, attributes: dict, filters: list, protocols: frozenset = LINK_PROTOCOLS) -> Cleaner:
    """A bleach Cleaner that strips what ``tags`` and ``attributes`` do not allow."""
    import bleach

    cleaner = bleach.Cleaner(
        tags=tags,
        attributes=attributes,
        protocols=protocols,
        strip=True,
        strip_comments=True,
        filters=filters,
    )
    cleaner.parser = bleach.html5lib_shim.BleachHTMLParser(
        tags=tags, strip=True, consume_entities=False, namespaceHTMLElements=False, tree=tree_builder()
    )
    cleaner.walker = tree_walker()
    return cleaner


@cache
def tree_builder() -> type:
    """html5lib's etree builder, bounded where HTML's tree building is not linear."""
    from bleach._vendor.html5lib.treebuilders import getTreeBuilder
    from bleach._vendor.html5lib.treebuilders.base import Marker

    return bounded_tree_builder(getTreeBuilder("etree"), Marker)


@cache
def tree_walker() -> type:
    """html5lib's etree walker, in time linear in the size of the tree."""
    from bleach.html5lib_shim import getTreeWalker

    return linear_tree_walker(getTreeWalker("etree"))


@cache
def _comment_cleaner() -> Cleaner:
    from bleach.linkifier import LinkifyFilter

    linkify = partial(LinkifyFilter, callbacks=[set_link_rel], skip_tags={"pre", "code"})
    return _cleaner(COMMENT_TAGS, COMMENT_ATTRIBUTES, [linkify])


@cache
def _article_cleaner() -> Cleaner:
    # "media:" reaches the allowlist only as an image's src (see allowlists._image_attributes).
    return _cleaner(ARTICLE_TAGS, ARTICLE_ATTRIBUTES, list(ARTICLE_FILTERS), LINK_PROTOCOLS | {"media"})


def _keep_leading_newline_in_pre(html: str) -> str:
    """Serialise ``<pre>`` as the HTML standard says and html5lib does not.

    A parser drops one newline right after ``<pre>``, so text that starts with
    a newline must be written with two, or cleaning the output again (or a
    browser reading it) loses it.
    """
    return html.replace("<pre>\n", "<pre>\n\n")


def _settle(cleaner: Cleaner, html: str) -> str:
    """Clean until cleaning changes nothing.

    html5lib can build trees (an ``<a>`` inside an ``<a>``, a ``<table>``
    inside a link) that read back differently once serialised, which is how
    mutation XSS starts. At the fixed point, what a browser parses from the
    stored HTML is what the cleaner checked. Real input settles in one or two
    passes; anything that would not, or that nests too deep to clean, is
    stored as plain escaped text.
    """
    original = html
    try:
        for _ in range(MAX_CLEANING_PASSES):
            cleaned = _keep_leading_newline_in_pre(cleaner.clean(html).strip())
            if cleaned == html:
                return cleaned
            html = cleaned
    except TooDeep:
        html = original
    return str(escape(html))


def strip_control_characters(text: str) -> str:
    """Drop NUL and other control characters; normalise line endings."""
    return _CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_comment(raw: str) -> str:
    """Turn a reader's comment into safe HTML for display.

    Plain text gets paragraphs at blank lines and line breaks at newlines;
    disallowed markup is removed but its visible text is kept; bare URLs
    become links; every link gets ``rel="nofollow ugc noopener"``.
    """
    cleaned = _settle(_comment_cleaner(), strip_control_characters(raw).strip())
    # Decided on the cleaned text, so cleaning the result again changes nothing.
    if _BLOCK_TAG.search(cleaned):
        return cleaned
    paragraphs = [p.strip() for p in _BLANK_LINES.split(cleaned) if p.strip()]
    wrapped = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    if "<" not in cleaned:
        # Settled text with no tag and no link: cut at newlines, which no link
        # spans, it reads back as the same text in <p> and <br>, so a cleaning
        # pass would return it unchanged (the property tests check this).
        return wrapped
    return _settle(_comment_cleaner(), wrapped)


def clean_article(html: str) -> str:
    """Clean an article's rendered HTML with the editor's larger allowlist."""
    return _settle(_article_cleaner(), strip_control_characters(html))
