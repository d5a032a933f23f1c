"""Bad form posts at every form: CSRF tokens missing, forged, expired or another session's;
over-long fields; invalid UTF-8 and NUL characters; oversized bodies.

Driven by harness.routes.FORMS. Each post is refused with a page that says
what happened (and gives back the person's text where they typed some), never
a 5xx or a traceback, and no stored row changes.
"""

from __future__ import annotations

import html
import re

import pytest

from harness.refusals import (
    CSRF_REFUSED,
    assert_refused,
    assert_stays_on_this_site,
    client_for,
    encoded,
    expired_token,
    form_for,
    kept_text_field,
    raw_request,
)
from harness.routes import FORMS, URL_FOR_NAMES, by_endpoint
from harness.site import snapshot

KEPT_TEXT = re.compile(r'<textarea id="kept-text"[^>]*>(.*?)</textarea>', re.DOTALL)
CSRF_CASES = ["missing", "forged", "expired", "another session's"]
BAD_BYTES = {"invalid UTF-8": b"caf%e9", "overlong UTF-8": b"%c0%ae%c0%ae", "a NUL": b"before%00after",
             "a lone surrogate": b"%ed%a0%80"}



def token_for(case: str, app, client, route, site, fields: dict) -> str | None:
    if case == "missing":
        return None
    if case == "forged":
        return "IjA1YjM4ZWQ0ZTQ2ZjQ0OWI4ZGQ3MTJhNWY0NGE0YjQ4Ig.Z2vUfw.forgedsignature000000000"
    if case == "expired":
        return expired_token(app, client)
    other = client_for(app, route)
    return form_for(other, route, site)[route.csrf_field]


@by_endpoint([route for route in FORMS if route.role is not None])
@pytest.mark.parametrize("case", CSRF_CASES)
def test_a_bad_csrf_token_saves_nothing_and_keeps_the_text(app, site, route, case):
    client = client_for(app, route)
    fields = form_for(client, route, site)
    token = token_for(case, app, client, route, site, fields)
    fields.pop(route.csrf_field, None)
    if token is not None:
        fields[route.csrf_field] = token
    before = snapshot()
    page = assert_refused(client.post(site.url(route.path), data=fields), {400}, before, says=CSRF_REFUSED)
    text_field = kept_text_field(route)
    if text_field:
        assert "Your text is below" in page
        [kept] = KEPT_TEXT.findall(page)
        assert fields[text_field] in html.unescape(kept)


@by_endpoint([route for route in FORMS if route.limits])
def test_over_long_fields_get_400_with_the_limit(app, site, route):
    client = client_for(app, route)
    before = snapshot()
    for name, limit in route.limits.items():
        fields = form_for(client, route, site)
        fields[name] = "x" * (limit + 1)
        response = client.post(site.url(route.path), data=fields)
        page = assert_refused(response, {400}, before)
        assert f"{limit:,}" in page or f"longer than {limit}" in page, (name, page[:3000])


# Every kind of line break str.splitlines() knows, which a mail header refuses.
LINE_BREAKS = {"a newline": "\n", "a carriage return": "\r", "CRLF": "\r\n", "a line separator": "\u2028",
               "a next-line character": "\x85"}
ONE_LINE_REFUSED = ("must be on one line", "email address is not valid", "must be an http")


@by_endpoint([route for route in FORMS if route.one_line])
def test_a_line_break_in_a_one_line_field_gets_400_saying_so(app, site, route):
    client = client_for(app, route)
    before = snapshot()
    for name in route.one_line:
        for label, line_break in LINE_BREAKS.items():
            fields = form_for(client, route, site)
            value = fields[name] or "two-words"
            fields[name] = value[:3] + line_break + value[3:]
            page = assert_refused(client.post(site.url(route.path), data=fields), {400}, before)
            assert any(reason in page for reason in ONE_LINE_REFUSED), (name, label, page[:3000])


@by_endpoint(FORMS)
def test_invalid_utf8_and_nul_in_fields_get_400(app, site, route):
    client = client_for(app, route)
    before = snapshot()
    names = list(route.fields) or [route.csrf_field]
    for label, raw in BAD_BYTES.items():
        for name in names:
            fields = form_for(client, route, site)
            body = encoded(fields, replace=(name, raw))
            response = raw_request(client, "POST", site.url(route.path).encode(), body=body)
            assert_refused(response, {400}, before, says="not valid text")


@by_endpoint(FORMS)
def test_oversized_bodies_get_413(app, site, route):
    client = client_for(app, route)
    fields = form_for(client, route, site)
    fields[kept_text_field(route) or "padding"] = "x" * 70_000
    before = snapshot()
    response = client.post(site.url(route.path), data=fields)
    assert_refused(response, {413}, before, says="nothing was saved")


MALFORMED = ["99999999999999999999", "-1", "0", "abc", "", " ", "１", "0x10", "1e3", "[]", "../..", "%00"]


@by_endpoint(FORMS)
def test_malformed_values_in_any_field_never_fail(app, site, route):
    """Odd values with a valid token: saved or refused, as the form decides, but never a 5xx."""
    client = client_for(app, route)
    for name in route.fields:
        for value in MALFORMED:
            fields = {**form_for(client, route, site), name: value}
            response = client.post(site.url(route.path), data=fields)
            page = response.get_data(as_text=True)
            assert response.status_code < 500 and "Traceback" not in page, (name, value, page[:2000])


@by_endpoint(FORMS)
def test_url_for_names_in_the_query_of_a_post_are_plain_parameters(app, site, route):
    """A valid post with ?_method=, ?slug=, ?_scheme=...: saved or refused as usual, never a 5xx or a redirect away."""
    for odd in URL_FOR_NAMES:
        client = client_for(app, route)  # afresh: signing out, for one, ends the session
        fields = form_for(client, route, site)
        path = site.url(route.path)
        response = client.post(f"{path}{'&' if '?' in path else '?'}{odd}", data=fields)
        page = response.get_data(as_text=True)
        assert response.status_code < 500 and "Traceback" not in page, (odd, page[:2000])
        assert_stays_on_this_site(client, response, range(200, 500))


@by_endpoint(FORMS)
@pytest.mark.parametrize("app_config", [{"CANONICAL_URL": "http://blog.test", "TRUSTED_PROXIES": 1}], indirect=True)
def test_a_valid_form_forwarded_for_another_host_saves_nothing(app, site, route):
    """The proxy says the request was for evil.example: a 400 page, nothing saved or mailed."""
    client = client_for(app, route)
    body = encoded(form_for(client, route, site))
    before = snapshot()
    response = client.post(site.url(route.path), data=body, content_type="application/x-www-form-urlencoded",
                           headers={"X-Forwarded-Host": "evil.example"})
    assert_refused(response, {400}, before, says="does not answer to the host name")
