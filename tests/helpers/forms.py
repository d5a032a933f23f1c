"""Reading a page's forms as a browser would: the CSRF token and the hidden fields."""

from __future__ import annotations

import re

# Any form's token: plain, or with a form prefix such as "edit-csrf_token".
CSRF_FIELD = re.compile(r'name="(?:[\w-]+-)?csrf_token"(?: type="hidden")? value="([^"]+)"')
HIDDEN_FIELD = re.compile(r'<input id="([\w-]+)" name="\1" type="hidden" value="([^"]*)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)
