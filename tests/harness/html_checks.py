"""What a browser-grade HTML parser (lexbor, through selectolax) finds in cleaned HTML.

An independent parser from bleach's html5lib: the output is read as a
browser would read it inside the page's ``<div>``, not as bleach wrote it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from harness import corpora

SAFE_SCHEMES = {"", "http", "https", "mailto"}
ROOT_ID = "sanitised-root"


def parse_fragment(html: str):
    """The fragment's nodes, parsed in a ``<div>`` as on our pages."""
    return LexborHTMLParser(f'<div id="{ROOT_ID}">{html}</div>').css_first(f"#{ROOT_ID}")


def _allowed(attributes: Mapping, tag: str, name: str, value: str) -> bool:
    rule = attributes.get(tag, [])
    if isinstance(rule, Callable):
        return rule(tag, name, value)
    return name in rule


def url_is_safe(value: str) -> bool:
    """Browsers drop tabs and newlines and trim spaces and controls before reading the scheme."""
    cleaned = "".join(ch for ch in value if ch not in "\t\n\r").strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08"
                                                                      "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
                                                                      "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    try:
        return urlsplit(cleaned).scheme.lower() in SAFE_SCHEMES
    except ValueError:
        return False


def problems_in(html: str, tags, attributes: Mapping) -> list[str]:
    """Elements, attributes and link schemes outside the allowlists."""
    problems = []
    for node in parse_fragment(html).traverse(include_text=False):
        if node.attributes.get("id") != ROOT_ID:
            problems += _node_problems(node, tags, attributes)
    return problems


def _node_problems(node, tags, attributes: Mapping) -> list[str]:
    found = [] if node.tag in tags else [f"element <{node.tag}>"]
    for name, value in node.attributes.items():
        value = value or ""
        if not _allowed(attributes, node.tag, name, value):
            found.append(f"attribute {name}={value!r} on <{node.tag}>")
        elif name in ("href", "src") and not url_is_safe(value):
            found.append(f"unsafe {name}={value!r} on <{node.tag}>")
    return found


def places_of(html: str, marker: str) -> set[str]:
    """Where ``marker`` appears in the parsed fragment: 'text', 'tag', 'attribute-name', or 'tag.attribute'."""
    places = set()
    for node in parse_fragment(html).traverse(include_text=True):
        if node.attributes.get("id") == ROOT_ID:
            continue
        if node.tag == "-text":
            if marker in (node.text_content or ""):
                places.add("text")
            continue
        if marker in node.tag:
            places.add("tag")
        for name, value in node.attributes.items():
            if marker in name:
                places.add("attribute-name")
            if marker in (value or ""):
                places.add(f"{node.tag}.{name}")
    return places


def page_wide_problems(html: str) -> list[str]:
    """Scripts (but JSON-LD data) and event handlers anywhere in a whole page."""
    tree = LexborHTMLParser(html)
    problems = [f"script: {node.html[:120]}" for node in tree.css("script")
                if node.attributes.get("type") != "application/ld+json"]
    for node in tree.root.traverse(include_text=False):
        problems += [f"handler {name} on <{node.tag}>" for name in node.attributes if name.lower().startswith("on")]
    return problems


def textarea_text(html: str, name: str) -> str:
    """What a browser would put in the named textarea."""
    return LexborHTMLParser(html).css_first(f'textarea[name="{name}"]').text(deep=True)


def vnu_errors(files: dict[str, object]) -> dict[str, list[str]]:
    """Run the Nu HTML Checker once over every saved page."""
    jar = corpora.vnu_jar()
    if not shutil.which("java"):
        reason = "Java is not installed; the Nu HTML Checker needs it"
        pytest.fail(reason) if os.environ.get("CI") == "true" else pytest.skip(reason)
    paths = {str(path): name for name, path in files.items()}
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", *paths],
                            capture_output=True, text=True, timeout=180)
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        name = paths.get(message.get("url", "").removeprefix("file:"), message.get("url"))
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


class SavedPages(dict):
    """Pages as served (name -> file in ``folder``), for one run of the Nu HTML Checker."""

    def __init__(self, folder):
        super().__init__()
        self.folder = folder

    def save(self, name: str, body: bytes) -> None:
        path = self.folder / f"page-{len(self)}.html"
        path.write_bytes(body)
        self[name] = path
