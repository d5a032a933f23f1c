"""Sending one bad request to a route and checking it was refused cleanly.

Clean means: the expected 4xx status, a friendly page (never a traceback, never
a 5xx), and every table exactly as before.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from harness.routes import Route
from harness.site import HIDDEN_FIELD, Site, sign_in, snapshot
from helpers.forms import CSRF_FIELD

CSRF_REFUSED = "nothing was saved"
# Fields whose text a person would hate to lose; the 400 page gives them back.
TEXT_FIELDS = ("body", "edit-body", "reply-body", "description")


def client_for(app, route: Route):
    client = app.test_client()
    if route.role is not None:
        sign_in(client, route.role.value)
    return client


def form_for(client, route: Route, site: Site) -> dict:
    """The route's valid fields, the page's hidden fields and, for a signed-in form, its CSRF token.

    Anonymous forms sit on pages readers share, so they carry no token (the
    browser's Origin and Sec-Fetch-Site headers protect them).
    """
    page = client.get(site.url(route.form_page)).get_data(as_text=True)
    match = CSRF_FIELD.search(page)
    hidden = dict(HIDDEN_FIELD.findall(page)) if route.endpoint == "comments.post_comment" else {}
    fields = {name: site.url(value) for name, value in route.fields.items()}
    if route.role is None:
        assert match is None, f"{route.form_page} carries a CSRF token to readers who share it"
        return {**hidden, **fields}
    assert match, f"{route.form_page} has no CSRF token"
    return {**hidden, **fields, route.csrf_field: match.group(1)}


def kept_text_field(route: Route) -> str | None:
    return next((name for name in TEXT_FIELDS if name in route.fields), None)


def expired_token(app, client) -> str:
    """The session's own CSRF token, signed five hours ago (the limit is four)."""

    class FiveHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 5 * 3600

    with client.session_transaction() as session:
        raw = session["csrf_token"]
    secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.config["SECRET_KEY"]
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token", signer=FiveHoursAgo).dumps(raw)


def raw_request(client, method: str, path: bytes, query: bytes = b"", body: bytes | None = None):
    """A request with exactly these bytes in the address and body, as a server would pass them on."""
    overrides = {"PATH_INFO": path.decode("latin-1"), "QUERY_STRING": query.decode("latin-1")}
    kwargs = {}
    if body is not None:
        kwargs = {"data": body, "content_type": "application/x-www-form-urlencoded"}
    return client.open("/", method=method, environ_overrides=overrides, **kwargs)


def encoded(fields: dict, replace: tuple[str, bytes] | None = None) -> bytes:
    """A form body; ``replace`` swaps one field's value for raw (already escaped) bytes."""
    body = urlencode(fields, doseq=True).encode()
    if replace:
        name, raw = replace
        kept = {key: value for key, value in fields.items() if key != name}
        body = urlencode(kept, doseq=True).encode() + b"&" + name.encode() + b"=" + raw
    return body


def assert_stays_on_this_site(client, response, statuses, before: dict | None = None) -> None:
    """A redirect leads to a page of this site, which answers with one of ``statuses`` too."""
    if response.status_code not in (301, 302, 303, 307, 308):
        return
    target = urlsplit(response.headers["Location"])
    assert target.scheme in ("", "http") and target.netloc in ("", "localhost"), response.headers["Location"]
    followed = client.get(target.path, query_string=target.query)
    if before is None:
        assert followed.status_code in statuses, (response.headers["Location"], followed.status_code)
    else:
        assert_refused(followed, statuses, before)


def assert_refused(response, statuses, before: dict, says: str | None = None) -> str:
    """The response is one of ``statuses``, a page with no traceback, and nothing changed."""
    # Replaced, not refused: an image (/media/<name>) is no UTF-8 text.
    page = response.get_data().decode("utf-8", "replace")
    assert response.status_code in statuses, (response.status_code, page[:3000])
    assert "Traceback" not in page and 'File "' not in page
    if says is not None:
        assert says in page, page[:3000]
    assert snapshot() == before, "a refused request changed stored rows"
    return page
