"""Images in an article's body: which are the blog's own, which point at another site.

Readers' browsers load every ``<img>`` an article has, so an image on another
host tells that host who reads the article. The desk refuses a body with
such an image (``image_sources`` finds them, with their lines), imports
remove them or bring them in, and the cleaner keeps only images from the
blog itself (``is_local_image``). ``![alt](media:ID)`` names an uploaded
image; the cleaner fills in its sizes from the ``Picture`` given for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from .links import is_plain_url

MEDIA_REFERENCE = re.compile(r"^media:([1-9][0-9]{0,9})$")
# A stored file's address (blogapp/storage/models/media.py names the files).
MEDIA_FILE = re.compile(r"/media/([0-9a-f]{24})-[0-9]+\.(?:jpg|png|webp)\b")
_MARKDOWN_MEDIA = re.compile(r"\]\(\s*<?media:([1-9][0-9]{0,9})\b")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_IMG_SOURCE = re.compile(r"""\b(src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


@dataclass(frozen=True)
class Picture:
    """What an ``<img>`` of an uploaded image carries."""

    src: str
    srcset: str
    width: int
    height: int
    alt: str


# Pictures for the media:ID references of the body being cleaned (set by ``pictures_for``).
_pictures: ContextVar[Mapping[int, Picture] | None] = ContextVar("pictures", default=None)


@contextmanager
def pictures_for(pictures: Mapping[int, Picture]):
    """Clean with ``pictures`` standing in for the body's ``media:ID`` references."""
    token = _pictures.set(pictures)
    try:
        yield
    finally:
        _pictures.reset(token)


def picture(src: str) -> Picture | None:
    """The uploaded image ``src`` names as ``media:ID``, if it is one being cleaned."""
    reference = MEDIA_REFERENCE.match(src.strip())
    return (_pictures.get() or {}).get(int(reference.group(1))) if reference else None


def is_local_image(src: str) -> bool:
    """Whether an image address is on the blog itself: a path, no scheme, no host."""
    src = src.strip()
    return bool(src) and is_plain_url(src) and not _SCHEME.match(src) and not src.startswith("//")


def is_local_srcset(value: str) -> bool:
    """Whether every candidate of a ``srcset`` is an address on the blog itself."""
    candidates = [part.split()[0] for part in value.split(",") if part.strip()]
    return bool(candidates) and all(is_local_image(candidate) for candidate in candidates)


def referenced_media(markdown_text: str) -> tuple[set[int], set[str]]:
    """The uploaded images a body shows: ``media:ID`` ids and stored files' digests."""
    ids = {int(found) for found in _MARKDOWN_MEDIA.findall(markdown_text)}
    for tag in _IMG_TAG.findall(markdown_text):
        ids |= {int(ref.group(1)) for source in _sources(tag) if (ref := MEDIA_REFERENCE.match(source))}
    return ids, set(MEDIA_FILE.findall(markdown_text))


def _sources(tag: str) -> Iterator[str]:
    for match in _IMG_SOURCE.finditer(tag):
        value = next(group for group in match.groups()[1:] if group is not None)
        if match.group(1).lower() == "srcset":
            yield from (part.split()[0] for part in value.split(",") if part.strip())
        else:
            yield value.strip()


def html_image_sources(html: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Every image address in raw HTML, with its line (``first_line`` is the HTML's first)."""
    for tag in _IMG_TAG.finditer(html):
        line = first_line + html.count("\n", 0, tag.start())
        for source in _sources(tag.group(0)):
            yield line, source


def image_sources(tokens) -> list[tuple[int, str]]:
    """Every image address in a parsed body (markdown-it tokens), with its line."""
    found = []
    for token in tokens:
        first_line = token.map[0] + 1 if token.map else 1
        if token.type == "html_block":
            found += html_image_sources(token.content, first_line)
        line = first_line
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                found.append((line, child.attrGet("src") or ""))
            elif child.type == "html_inline":
                found += html_image_sources(child.content, line)
    return found
