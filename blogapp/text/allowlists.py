"""What comments and articles may keep: every allowlist is audited here.

Tags, attributes (an address only when ``links.is_safe_address`` passes it),
and the filters that fix up an article's tokens. ``sanitize`` cleans with
them; this module imports no HTML library.
"""

from __future__ import annotations

import re

from .images import Picture, is_local_image, is_local_srcset, picture
from .links import is_safe_address


def _attributes(*names: str):
    """Allow ``names`` on a tag; an ``href`` or ``src`` only when it is a plain URL
    with an allowed scheme (or none)."""
    allowed = frozenset(names)

    def check(_tag: str, name: str, value: str) -> bool:
        if name not in allowed:
            return False
        return name not in ("href", "src") or is_safe_address(value)

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


def _image_attributes(_tag: str, name: str, value: str) -> bool:
    """An image keeps only addresses on the blog itself (or a media:ID reference):
    another host would learn who reads the article."""
    if name == "src":
        return is_local_image(value) or picture(value) is not None
    if name == "srcset":
        return is_local_srcset(value)
    return name in ("alt", "title", "width", "height", "sizes")


ARTICLE_ATTRIBUTES = {
    "a": _attributes("href", "title"),
    "img": _image_attributes,
    "th": ["align", "scope", "colspan", "rowspan"],
    "td": ["align", "colspan", "rowspan"],
    # Set by scrollable_tables (below), never taken from the editor's HTML.
    "table": ["tabindex"],
    "ol": ["start"],
    "abbr": ["title"],
    "code": _code_class,
}


# Article filters: bleach calls each with the token stream as ``source`` and
# serialises what it yields (what an html5lib Filter class does, without
# loading html5lib to subclass one).
# The reader's column is at most 46rem wide, less 1rem of padding each side (style.css).
IMAGE_SIZES = "(max-width: 46rem) calc(100vw - 2rem), 44rem"


def _fill_picture(attributes: dict, shown: Picture) -> None:
    """An uploaded image's address, widths and size; its library alt text unless the body gives one."""
    attributes[(None, "src")] = shown.src
    attributes[(None, "srcset")] = shown.srcset
    attributes[(None, "sizes")] = IMAGE_SIZES
    attributes[(None, "width")] = str(shown.width)
    attributes[(None, "height")] = str(shown.height)
    if not attributes.get((None, "alt"), "").strip():
        attributes[(None, "alt")] = shown.alt


def images_with_sources(source):
    """An image without a (safe) source is dropped; every other gets an ``alt``,
    and an empty one tells screen readers it is decoration. ``media:ID`` becomes
    the uploaded image; every image after the first loads only when it is near
    the screen (the first is usually on it)."""
    first = True
    for token in source:
        if token["type"] == "EmptyTag" and token["name"] == "img":
            attributes = token["data"]
            if (None, "src") not in attributes:
                continue
            shown = picture(attributes[(None, "src")])
            if shown is not None:
                _fill_picture(attributes, shown)
            attributes.setdefault((None, "alt"), "")
            if first:
                attributes.pop((None, "loading"), None)
            else:
                attributes[(None, "loading")] = "lazy"
            first = False
        yield token


def scrollable_tables(source):
    """A wide table scrolls sideways in its own box (see style.css); ``tabindex``
    lets keyboard users reach it and scroll it too."""
    for token in source:
        if token["type"] == "StartTag" and token["name"] == "table":
            token["data"][(None, "tabindex")] = "0"
        yield token


ARTICLE_FILTERS = (images_with_sources, scrollable_tables)
