"""The sanitiser's promises, for generated input (hypothesis) and for every known payload.

Output is read back by lexbor, a browser-grade parser that is not bleach's
own, inside a ``<div>`` as on the pages.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogapp.text.allowlists import ARTICLE_ATTRIBUTES, ARTICLE_TAGS, COMMENT_ATTRIBUTES, COMMENT_TAGS
from blogapp.text.links import LINK_REL
from blogapp.text.markdown import render_article_body
from blogapp.text.sanitize import _article_cleaner, clean_article, clean_comment, tree_walker

from harness import corpora
from harness.html_checks import parse_fragment, places_of, problems_in

MARKER = "Qx7MARKq"
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Tags and attributes an attacker reaches for, next to the allowed ones.
TAG_NAMES = sorted(ARTICLE_TAGS | {
    "script", "style", "svg", "math", "mglyph", "mtext", "noscript", "iframe", "textarea", "title",
    "template", "xmp", "noembed", "object", "embed", "form", "button", "input", "base", "meta", "select",
    "option", "details", "foreignObject", "annotation-xml", "desc", "table", "plaintext",
})
ATTRIBUTE_NAMES = ["href", "src", "rel", "title", "alt", "class", "style", "onerror", "onclick", "onload",
                   "formaction", "action", "srcdoc", "xlink:href", "data", "id", "is", "autofocus"]
SCHEMES = ["", "http://example.org/", "https://", "mailto:", "javascript:", "java\tscript:", "JaVaScRiPt:",
           "java\u200bscript:", "\x01javascript:", " javascript:", "data:text/html,", "vbscript:",
           "jav&#x09;ascript:", "&#106;avascript:"]

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)
attribute_value = st.builds(lambda scheme, rest: scheme + rest, st.sampled_from(SCHEMES), text)
attribute = st.builds(
    lambda name, value, quote: f" {name}={quote}{value}{quote}",
    st.sampled_from(ATTRIBUTE_NAMES), attribute_value, st.sampled_from(['"', "'", ""]),
)
open_tag = st.builds(lambda name, attrs, close: f"<{name}{''.join(attrs)}{close}>",
                     st.sampled_from(TAG_NAMES), st.lists(attribute, max_size=3), st.sampled_from(["", "/"]))
close_tag = st.builds(lambda name: f"</{name}>", st.sampled_from(TAG_NAMES))
other = st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "<", ">", "&", "&lt;", '"', "'", "\n\n", "`",
                         "http://example.org/x", "www.example.org", "<!doctype html>", "<?xml ?>"])
hostile_html = st.lists(st.one_of(open_tag, close_tag, text, other), max_size=25).map("".join)


# The marker goes where an attacker would put code: tag and attribute names, values, text.
marked_piece = st.one_of(
    st.builds(lambda name: f"<{name} {MARKER}=1>", st.sampled_from(TAG_NAMES)),
    st.builds(lambda name, attr: f"<{name} {attr}=\"{MARKER}\">", st.sampled_from(TAG_NAMES),
              st.sampled_from([a for a in ATTRIBUTE_NAMES if a not in ("href", "src")])),
    st.builds(lambda scheme: f"<a href=\"{scheme}{MARKER}\">", st.sampled_from(SCHEMES)),
    st.just(f"<{MARKER}>"), st.just(f"</{MARKER}>"), st.just(f"<!--{MARKER}-->"), st.just(MARKER),
)
marked_html = st.lists(st.one_of(marked_piece, open_tag, close_tag, other, text), min_size=1, max_size=20).map("".join)


def comment_problems(html: str) -> list[str]:
    problems = problems_in(html, COMMENT_TAGS, COMMENT_ATTRIBUTES)
    # An <a> with an address is a link and gets exactly our rel; one without may have none.
    problems += [f"a link with rel={link.attributes.get('rel')!r}" for link in parse_fragment(html).css("a")
                 if link.attributes.get("rel") != (LINK_REL if "href" in link.attributes else None)]
    return problems


@PROPERTY_SETTINGS
@given(hostile_html)
def test_cleaning_a_comment_twice_changes_nothing(raw):
    once = clean_comment(raw)
    assert clean_comment(once) == once


# What readers mostly send: words, lines, blank lines, addresses and symbols, no tags.
plain_piece = st.sampled_from(["\n", "\n\n", " \n \n", "\t", " ", "&", "&amp;", "&copy", "&#60;", ">", '"', "'",
                               "@", ".", "(", ")", "example.org", "www.example.org", "http://", "https://x.org/a?b=c",
                               "mailto:", "a@example.org", ".com", "-", "\u2028", "\u00a0"])
plain_text = st.lists(st.one_of(plain_piece, text), max_size=30).map("".join)


@PROPERTY_SETTINGS
@given(plain_text)
def test_cleaning_a_plain_text_comment_twice_changes_nothing(raw):
    once = clean_comment(raw)
    assert clean_comment(once) == once


@PROPERTY_SETTINGS
@given(hostile_html)
def test_the_linear_tree_walker_reads_trees_as_html5libs_own_does(raw):
    # sanitize.tree_walker replaces html5lib's (quadratic in siblings); the cleaner must see the same tokens.
    from bleach.html5lib_shim import getTreeWalker

    parser = _article_cleaner().parser
    assert list(tree_walker()(parser.parseFragment(raw))) == list(getTreeWalker("etree")(parser.parseFragment(raw)))


@PROPERTY_SETTINGS
@given(hostile_html)
def test_cleaning_an_article_twice_changes_nothing(raw):
    once = clean_article(raw)
    assert clean_article(once) == once


@PROPERTY_SETTINGS
@given(hostile_html)
def test_comments_keep_only_allowlisted_tags_attributes_and_schemes(raw):
    assert comment_problems(clean_comment(raw)) == []


@PROPERTY_SETTINGS
@given(hostile_html)
def test_articles_keep_only_allowlisted_tags_attributes_and_schemes(raw):
    assert problems_in(render_article_body(raw), ARTICLE_TAGS, ARTICLE_ATTRIBUTES) == []


@PROPERTY_SETTINGS
@given(marked_html)
def test_a_marker_in_a_comment_survives_only_as_text_or_a_safe_link(raw):
    # A link's address is the one non-text place a reader's words may go, and
    # only when its scheme is safe (checked by the allowlist test above).
    assert places_of(clean_comment(raw), MARKER) <= {"text", "a.href"}


@PROPERTY_SETTINGS
@given(marked_html)
def test_a_marker_in_an_article_survives_only_as_text_or_plain_values(raw):
    # Editors may also give titles and image text: values, never code.
    allowed = {"text", "a.href", "a.title", "img.src", "img.alt", "img.title", "abbr.title"}
    assert places_of(render_article_body(raw), MARKER) <= allowed


@pytest.mark.parametrize("payload", corpora.OWN_CASES)
def test_known_bypass_classes_leave_nothing_executable(payload):
    assert comment_problems(clean_comment(payload)) == []
    assert problems_in(render_article_body(payload), ARTICLE_TAGS, ARTICLE_ATTRIBUTES) == []


def test_every_corpus_payload_is_cleaned_safely_and_once_for_all():
    problems = {}
    for payload in [*corpora.xss_payloads(), *corpora.wfuzz_list("SQL")]:
        comment, article = clean_comment(payload), render_article_body(payload)
        found = comment_problems(comment) + problems_in(article, ARTICLE_TAGS, ARTICLE_ATTRIBUTES)
        if clean_comment(comment) != comment:
            found.append("cleaning the comment again changes it")
        if found:
            problems[payload] = found
    assert problems == {}
