"""Reading and sending a page's forms as a browser would: the CSRF token, the hidden fields,
and the headers every current browser adds when it sends a form."""

from __future__ import annotations

import re

# Any form's token: plain, or with a form prefix such as "edit-csrf_token".
CSRF_FIELD = re.compile(r'name="(?:[\w-]+-)?csrf_token"(?: type="hidden")? value="([^"]+)"')
HIDDEN_FIELD = re.compile(r'<input id="([\w-]+)" name="\1" type="hidden" value="([^"]*)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def browser_form_headers(origin: str) -> dict[str, str]:
    """What a browser says of a form it sends from a page of ``origin`` (scheme://host:port)."""
    return {"Origin": origin, "Sec-Fetch-Site": "same-origin"}


def sends_browser_headers(headers) -> bool:
    """Whether ``headers`` (a request's) already say where the form came from."""
    return any(name.lower() in ("origin", "sec-fetch-site") for name in (headers or {}))
