"""What goes into the search index and what a reader's query becomes.

Both engines split text into words at spaces and punctuation, which leaves a
run of Chinese or Japanese characters as one long "word". So, before the text
reaches either engine, each such character becomes a word of its own, and a
query's run of them becomes a phrase: the characters, next to each other.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from .sanitize import strip_control_characters

# Kana, CJK ideographs (with extension A) and compatibility ideographs.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"([{_CJK}])")
_WORD = re.compile(r"[^\W_]+")

MAX_TERMS = 12
SNIPPET_LENGTH = 240


def plain_text(html: str) -> str:
    """The words of a cleaned HTML fragment, tags removed, entities decoded."""
    return Markup(html).striptags()


def spaced(text: str) -> str:
    """``text`` with a space on each side of every CJK character."""
    return _CJK_CHAR.sub(r" \1 ", strip_control_characters(text))


def query_terms(query: str, max_length: int) -> list[str]:
    """The words of a reader's query; operators, quotes and stars are dropped.

    Only letters and digits survive, so no input can reach an engine's own
    query syntax. A run of CJK characters is kept whole: it is searched as a phrase.
    """
    words = _WORD.findall(query[:max_length].lower())
    terms: list[str] = []
    for word in words:
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def term_phrase(term: str) -> str:
    """A term as the engines see it: CJK characters become separate words."""
    return " ".join(spaced(term).split())


def snippet(text: str, terms: list[str]) -> Markup:
    """A short extract around the first match, matches wrapped in ``<mark>``."""
    text = " ".join(text.split())
    pattern = _highlight_pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_LENGTH // 3) if match else 0
    extract = text[start : start + SNIPPET_LENGTH]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_LENGTH < len(text) else ""
    if pattern is None:
        return escape(prefix + extract + suffix)
    parts = pattern.split(extract)
    marked = Markup("").join(
        Markup("<mark>{}</mark>").format(part) if index % 2 else escape(part)
        for index, part in enumerate(parts)
    )
    return escape(prefix) + marked + escape(suffix)


def _highlight_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(f"({alternatives})", re.IGNORECASE)
