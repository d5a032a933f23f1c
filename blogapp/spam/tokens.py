"""Cutting a comment into the tokens the filter counts: words, link hosts, markup, sender clues.

Pure functions, no Flask. A token is at most 64 characters and never holds
"*" (the store keeps its totals under such a name). As in SpamBayes, a word
too long to be one becomes a "skip" token that keeps only its first letter and
rough length, and prefixes keep apart the same word in different places.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Words: letters and digits, joined by inner apostrophes or hyphens.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Chinese, Japanese and Korean write no spaces: each character is a token.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
TAG = re.compile(r"<\s*([a-z][a-z0-9]*)\b", re.IGNORECASE)
BBCODE = re.compile(r"\[(url|link|img|b|i|color|size)\b", re.IGNORECASE)
MARKDOWN_LINK = re.compile(r"\]\(\s*https?://", re.IGNORECASE)
# Markup itself is not words: tags (counted apart, below) and entities.
MARKUP = re.compile(r"<[^>]{0,500}>|&#?\w{1,10};")

MIN_WORD, MAX_WORD = 2, 20
# Enough for the longest comment's distinct words; a bound on every scoring query.
MAX_TOKENS = 400


def words(text: str) -> list[str]:
    """Lower-cased words of ``text``, long ones as skip tokens, CJK one character each."""
    lowered = text.lower()
    has_cjk = CJK.search(lowered) is not None
    found = []
    for word in WORD.findall(lowered):
        if has_cjk and CJK.search(word):
            found.extend(CJK.findall(word))
        elif len(word) > MAX_WORD:
            found.append(f"skip:{word[0]} {len(word) // 10 * 10}")
        elif len(word) >= MIN_WORD:
            found.append(word)
    return found


def host_tokens(url: str, prefix: str) -> list[str]:
    """The host of ``url`` and the domain it belongs to (its last two labels)."""
    if not url.lower().startswith(("http://", "https://")):
        url = "http://" + url
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return [f"{prefix}:bad"]
    if not host:
        return [f"{prefix}:bad"]
    labels = host.split(".")
    return list(dict.fromkeys([f"{prefix}:{host}"[:64], f"{prefix}-domain:{'.'.join(labels[-2:])}"[:64]]))


def markup_tokens(text: str, links: int) -> list[str]:
    """How the text is marked up: HTML tags, BBCode, Markdown links and how many links."""
    found = [f"tag:{name.lower()}"[:64] for name in TAG.findall(text)]
    found += [f"bbcode:{name.lower()}" for name in BBCODE.findall(text)]
    if MARKDOWN_LINK.search(text):
        found.append("markup:markdown-link")
    found.append(f"links:{links if links < 3 else 'many'}")
    return found


def sender_tokens(name: str, email: str, website: str) -> list[str]:
    """What the reader wrote in the name, email and website fields, kept apart from the text."""
    found = [f"name:{word}"[:64] for word in words(name)]
    domain = email.rpartition("@")[2].lower()
    found.append(f"email:@{domain}"[:64] if domain else "email:none")
    found += host_tokens(website, "website") if website.strip() else ["website:none"]
    return found


def tokenise(body: str, name: str = "", email: str = "", website: str = "") -> list[str]:
    """Every distinct token of a comment, in the order they first appear (at most MAX_TOKENS)."""
    urls = URL.findall(body)
    found = []
    for url in urls:
        found += host_tokens(url, "url")
    # Words of the text without its addresses: the hosts above already say it better.
    found += words(MARKUP.sub(" ", URL.sub(" ", body)))
    found += markup_tokens(body, len(urls))
    found += sender_tokens(name, email, website)
    return list(dict.fromkeys(found))[:MAX_TOKENS]
