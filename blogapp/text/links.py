"""Links in text from strangers: which addresses pass, and how a comment's links are marked.

The allowlists let an ``href`` or ``src`` through only when ``is_safe_address``
says so; the comment cleaner marks every link with ``set_link_rel``; and the
moderation policy counts the links a cleaned comment holds (``links_in``).
"""

from __future__ import annotations

import re

LINK_REL = "nofollow ugc noopener"
LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})

# What is never literal in a valid URL (browsers would rewrite it, the HTML
# standard rejects it): spaces, controls, backslashes, a few symbols, a "%"
# that does not start an escape, and a second "#".
_NOT_IN_URLS = re.compile(r'[\s\\<>"`{}|^\x00-\x1f\x7f]|%(?![0-9A-Fa-f]{2})|#.*#')


# A URL's scheme as browsers read it. bleach's own parser takes "javascript:0"
# for a host and a port, so its protocol check alone lets such a link through.
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")

# bleach writes attributes in double quotes, so this reads its output reliably.
_LINK_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def is_plain_url(value: str) -> bool:
    """Whether ``value`` is a URL as written, with nothing a browser must guess at."""
    return not _NOT_IN_URLS.search(value)


def _has_allowed_scheme(value: str) -> bool:
    scheme = _SCHEME.match(value)
    return scheme is None or scheme.group(1).lower() in LINK_PROTOCOLS


def is_safe_address(value: str) -> bool:
    """Whether ``value`` may be an ``href`` or ``src``: a plain URL with an allowed scheme (or none)."""
    return is_plain_url(value) and _has_allowed_scheme(value)


def set_link_rel(attrs: dict, new: bool = False) -> dict:
    """Mark every link in a comment as user content that earns no ranking.

    An ``<a>`` without an address is no link, and ``rel`` is invalid on it.
    """
    if (None, "href") in attrs:
        attrs[(None, "rel")] = LINK_REL
    else:
        attrs.pop((None, "rel"), None)
    return attrs


def links_in(cleaned_html: str) -> list[str]:
    """The addresses of the links in HTML that ``sanitize.clean_comment`` returned."""
    return _LINK_HREF.findall(cleaned_html)
