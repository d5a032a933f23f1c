"""Article cards on listing and search pages: the links and markup readers follow.

Cards build their addresses from one ``url_for`` per page (routing.address_maker);
they must be the addresses ``url_for`` gives, however odd the slug.
"""

from __future__ import annotations

import html
import re
from datetime import datetime

import pytest
from flask import url_for

from blogapp.web.routing import address_maker

ODD_SLUGS = [
    "plain", "café-crème", "日本語のスラッグ", "two words", "100%", "what?", "hash#tag", "semi;colon", "a&b=c",
    "plus+sign", "tilde~", "~stand-in~", "quote'\"", "<angle>", "emoji-😀", "slash/inside", "back\\slash",
    "%C3%A9", "dot.", "..", "tab\tand\nnewline",
]


@pytest.mark.parametrize("endpoint", ["blog.article", "blog.category"])
@pytest.mark.parametrize("script_root", ["", "/blog", "/mounted here"])
def test_card_addresses_are_those_url_for_builds(app, endpoint, script_root):
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": script_root}):
        address_of = address_maker(endpoint, "slug")
        for slug in ODD_SLUGS:
            assert address_of(slug) == url_for(endpoint, slug=slug), slug


def cards_in(page: str) -> list[dict]:
    """Each card of a page: its links, time and paragraphs, unescaped."""
    pattern = re.compile(
        r'<article class="summary">\s*<h2><a href="(?P<url>[^"]*)">(?P<title>[^<]*)</a></h2>\s*'
        r'<p class="meta">\s*<time datetime="(?P<w3c>[^"]*)">(?P<date>[^<]*)</time>\s*'
        r'in <a href="(?P<category_url>[^"]*)">(?P<category>[^<]*)</a>\s*</p>\s*'
        r'(?:<p(?: class="snippet")?>(?P<text>.*?)</p>\s*)?</article>',
        re.S,
    )
    return [{k: html.unescape(v or "") for k, v in m.groupdict().items()} for m in pattern.finditer(page)]


def test_cards_link_odd_slugs_and_escape_what_editors_wrote(client, make, app):
    category = make.category('Fish & "Chips"', slug="café crème")
    make.article(
        title="<b>Bold</b> & brave", slug="日本 語?", category=category, summary="Less < more & 'quotes'",
        body_markdown="Searchable lighthouse text.", published_at=datetime(2024, 3, 5, 7, 8, 9, 123456),
    )
    with app.test_request_context("/"):
        article_url = url_for("blog.article", slug="日本 語?")
        category_url = url_for("blog.category", slug="café crème")
    for address in ("/", "/category/café crème/", "/search?q=lighthouse"):
        page = client.get(address).get_data(as_text=True)
        assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt; &amp; brave" in page
        [card] = cards_in(page)
        assert card["url"] == article_url and card["category_url"] == category_url
        assert card["title"] == "<b>Bold</b> & brave" and card["category"] == 'Fish & "Chips"'
        assert card["w3c"] == "2024-03-05T07:08:09Z" and card["date"] == "5 March 2024"
        if address.startswith("/search"):
            assert "lighthouse" in card["text"]
        else:
            assert card["text"] == "Less < more & 'quotes'"
        assert client.get(card["url"]).status_code == 200
        assert client.get(card["category_url"]).status_code == 200


def test_a_card_without_a_summary_has_no_empty_paragraph(client, make):
    category = make.category(slug="quiet")
    make.article(title="Terse", category=category, summary="")
    for address in ("/", "/category/quiet/"):
        page = client.get(address).get_data(as_text=True)
        [card] = cards_in(page)
        assert card["title"] == "Terse" and card["text"] == ""
        assert "<p></p>" not in page


def test_an_empty_category_says_so(client, make):
    make.category(slug="empty")
    page = client.get("/category/empty/").get_data(as_text=True)
    assert "No articles in this category yet." in page and not cards_in(page)
