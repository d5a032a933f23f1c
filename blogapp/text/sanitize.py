"""The only module that imports bleach: every allowlist is audited here.

Comments arrive as text with a little HTML; articles arrive as HTML rendered
from an editor's Markdown. Both are cleaned once, when they are saved, and
pages show only what these functions return.

bleach and its html5lib parser (about 3 MB in each gunicorn worker) are
loaded by the first cleaning, not on import: a worker that only serves pages
never loads them.
"""

from __future__ import annotations

import re
from functools import cache, partial
from typing import TYPE_CHECKING

from markupsafe import escape

if TYPE_CHECKING:
    from bleach import Cleaner

LINK_REL = "nofollow ugc noopener"
MAX_CLEANING_PASSES = 5
# html5lib checks scope by walking every open element, so n nested elements
# cost n * n steps (12,500 nested <ul>, 50 KB, took 47 s); real text nests a
# few levels. Deeper HTML is stored as plain escaped text.
MAX_OPEN_ELEMENTS = 100
# Formatting elements (<em>, <strong>, <code>) left open are opened again in
# each following paragraph; with distinct attributes HTML's own cap of three
# does not apply, and a 4.7 KB comment became 363 KB in 5 s. Only the most
# recent ones are opened again.
MAX_REOPENED_FORMATTING = 4
LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})

# What is never literal in a valid URL (browsers would rewrite it, the HTML
# standard rejects it): spaces, controls, backslashes, a few symbols, a "%"
# that does not start an escape, and a second "#".
_NOT_IN_URLS = re.compile(r'[\s\\<>"`{}|^\x00-\x1f\x7f]|%(?![0-9A-Fa-f]{2})|#.*#')


# A URL's scheme as browsers read it. bleach's own parser takes "javascript:0"
# for a host and a port, so its protocol check alone lets such a link through.
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def is_plain_url(value: str) -> bool:
    """Whether ``value`` is a URL as written, with nothing a browser must guess at."""
    return not _NOT_IN_URLS.search(value)


def _has_allowed_scheme(value: str) -> bool:
    scheme = _SCHEME.match(value)
    return scheme is None or scheme.group(1).lower() in LINK_PROTOCOLS


def _attributes(*names: str):
    """Allow ``names`` on a tag; an ``href`` or ``src`` only when it is a plain URL
    with an allowed scheme (or none)."""
    allowed = frozenset(names)

    def check(_tag: str, name: str, value: str) -> bool:
        if name not in allowed:
            return False
        return name not in ("href", "src") or (is_plain_url(value) and _has_allowed_scheme(value))

    return check


COMMENT_TAGS = frozenset(
    {"p", "br", "a", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li"}
)
COMMENT_ATTRIBUTES = {"a": _attributes("href", "rel")}

ARTICLE_TAGS = COMMENT_TAGS | {
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "del", "sup", "sub", "dl", "dt", "dd", "kbd", "mark", "abbr",
}
# Only "language-..." classes on code: other classes could borrow the site's styles.
_CODE_LANGUAGE = re.compile(r"^language-[a-z0-9+#._-]{1,30}$")


def _code_class(_tag: str, name: str, value: str) -> bool:
    return name == "class" and bool(_CODE_LANGUAGE.match(value))


ARTICLE_ATTRIBUTES = {
    "a": _attributes("href", "title"),
    "img": _attributes("src", "alt", "title", "width", "height"),
    "th": ["align", "scope", "colspan", "rowspan"],
    "td": ["align", "colspan", "rowspan"],
    # Set by _ScrollableTableFilter, never taken from the editor's HTML.
    "table": ["tabindex"],
    "ol": ["start"],
    "abbr": ["title"],
    "code": _code_class,
}

# Control characters (but tab, newline, carriage return) have no place in text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_TAG = re.compile(r"<\s*(p|pre|blockquote|ul|ol)\b", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")
# bleach writes attributes in double quotes, so this reads its output reliably.
_LINK_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def _set_link_rel(attrs: dict, new: bool = False) -> dict:
    """Mark every link in a comment as user content that earns no ranking.

    An ``<a>`` without an address is no link, and ``rel`` is invalid on it.
    """
    if (None, "href") in attrs:
        attrs[(None, "rel")] = LINK_REL
    else:
        attrs.pop((None, "rel"), None)
    return attrs


def _cleaner(tags: frozenset, attributes: dict, filters: list) -> Cleaner:
    """A bleach Cleaner that strips what ``tags`` and ``attributes`` do not allow."""
    import bleach

    cleaner = bleach.Cleaner(
        tags=tags,
        attributes=attributes,
        protocols=LINK_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=filters,
    )
    cleaner.parser = bleach.html5lib_shim.BleachHTMLParser(
        tags=tags, strip=True, consume_entities=False, namespaceHTMLElements=False, tree=tree_builder()
    )
    cleaner.walker = tree_walker()
    return cleaner


class TooDeep(ValueError):
    """HTML nested deeper than MAX_OPEN_ELEMENTS."""


@cache
def tree_builder() -> type:
    """html5lib's etree builder, bounded where HTML's tree building is not linear."""
    from bleach._vendor.html5lib.treebuilders import getTreeBuilder
    from bleach._vendor.html5lib.treebuilders.base import Marker

    class BoundedTreeBuilder(getTreeBuilder("etree")):
        def insertElementNormal(self, token):
            self._make_room()
            return super().insertElementNormal(token)

        def insertElementTable(self, token):
            self._make_room()
            return super().insertElementTable(token)

        def _make_room(self):
            if len(self.openElements) >= MAX_OPEN_ELEMENTS:
                raise TooDeep(len(self.openElements))

        def reconstructActiveFormattingElements(self):
            active = self.activeFormattingElements
            since_marker = next((i for i in range(len(active) - 1, -1, -1) if active[i] is Marker), -1) + 1
            # Like HTML's "Noah's Ark" clause, which forgets the earliest of
            # four identical ones: forget the earliest beyond the limit.
            del active[since_marker : len(active) - MAX_REOPENED_FORMATTING]
            super().reconstructActiveFormattingElements()

    return BoundedTreeBuilder


@cache
def tree_walker() -> type:
    """html5lib's etree walker, in time linear in the size of the tree.

    html5lib's own finds an element's place among its parent's children with
    ``list(parent).index(element)`` on the way back up, so a table of n rows
    (or a list of n items) costs n * n steps per cleaning pass: 10,000 rows
    took 3.5 s a pass. This one keeps each ancestor's place on the stack.
    Its nodes are html5lib's ``(element, index, ancestors, flag)``, with
    ``(element, index)`` pairs as ancestors.
    """
    from bleach.html5lib_shim import getTreeWalker

    class LinearTreeWalker(getTreeWalker("etree")):
        def getFirstChild(self, node):
            element, key, ancestors, flag = node if isinstance(node, tuple) else (node, None, [], None)
            if flag in ("text", "tail"):
                return None
            if element.text:
                return element, key, ancestors, "text"
            return _first_child(element, key, ancestors)

        def getNextSibling(self, node):
            if not isinstance(node, tuple):
                return None
            element, key, ancestors, flag = node
            if flag == "text":
                return _first_child(element, key, ancestors)
            if element.tail and flag != "tail":
                return element, key, ancestors, "tail"
            siblings = ancestors[-1][0]
            return (siblings[key + 1], key + 1, ancestors, None) if key + 1 < len(siblings) else None

        def getParentNode(self, node):
            if not isinstance(node, tuple):
                return None
            element, key, ancestors, flag = node
            if flag != "text":
                element, key = ancestors.pop()
            return (element, key, ancestors, None) if ancestors else element

    return LinearTreeWalker


def _first_child(element, key, ancestors):
    if not len(element):
        return None
    ancestors.append((element, key))
    return element[0], 0, ancestors, None


@cache
def _comment_cleaner() -> Cleaner:
    from bleach.linkifier import LinkifyFilter

    linkify = partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"})
    return _cleaner(COMMENT_TAGS, COMMENT_ATTRIBUTES, [linkify])


# Article filters: bleach calls each with the token stream as ``source`` and
# serialises what it yields (what an html5lib Filter class does, without
# loading html5lib to subclass one).
def _images_with_sources(source):
    """An image without a (safe) source is dropped; every other gets an ``alt``,
    and an empty one tells screen readers it is decoration."""
    for token in source:
        if token["type"] == "EmptyTag" and token["name"] == "img":
            if (None, "src") not in token["data"]:
                continue
            token["data"].setdefault((None, "alt"), "")
        yield token


def _scrollable_tables(source):
    """A wide table scrolls sideways in its own box (see style.css); ``tabindex``
    lets keyboard users reach it and scroll it too."""
    for token in source:
        if token["type"] == "StartTag" and token["name"] == "table":
            token["data"][(None, "tabindex")] = "0"
        yield token


@cache
def _article_cleaner() -> Cleaner:
    return _cleaner(ARTICLE_TAGS, ARTICLE_ATTRIBUTES, [_images_with_sources, _scrollable_tables])


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


def links_in(cleaned_html: str) -> list[str]:
    """The addresses of the links in HTML that ``clean_comment`` returned."""
    return _LINK_HREF.findall(cleaned_html)


def clean_article(html: str) -> str:
    """Clean an article's rendered HTML with the editor's larger allowlist."""
    return _settle(_article_cleaner(), strip_control_characters(html))
