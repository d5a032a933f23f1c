"""Bad addresses at every route: wrong methods, odd query values, slug and id tricks, raw bytes.

Driven by harness.routes.ROUTES; each case must get a clear 4xx (or a
harmless redirect or page), never a 5xx or a traceback, and change no row.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from harness.refusals import assert_refused, assert_stays_on_this_site, client_for, raw_request
from harness.routes import MOVED, ROUTES, URL_FOR_NAMES, by_endpoint
from harness.site import snapshot

ODD_PAGES = ["-1", "abc", "99999999999999999999", "0", "1.5", "１", "%00", "%ff", "1%00"]
ODD_QUERIES = ["q=%00", "q=%ff%fe", "tab=..%2f..", "status=%00", "category=-1", "category=99999999999999999999",
               "reply_to=99999999999999999999", "reply_to=abc", "tab=spam%00", "unknown=1&unknown=2",
               "q=" + "x" * 3000, "page=1&page=2", "next=//evil.example/", "%ff=1"]
SLUG_TRICKS = ["..", "%2e%2e", "%2E%2E", ".", "%c0%ae%c0%ae", "%e0%80%ae", "%ef%bc%8e%ef%bc%8e",
               "..%2f..%2fetc%2fpasswd", "..%5c..%5cwindows", "%00", "a%00b", "%ff", "%e2%80%ae",
               "a" * 3000, "%20", "UPPER", "privacy%3fx=1", "reading-a-privacy-policy%00"]
ID_TRICKS = ["0", "-1", "99999999999999999999", str(2**31), str(2**63), "1e3", "0x10", "%00", "%ff", "１"]
HARMLESS = {200, 301, 302, 308, 400, 404}
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]
GET_ROUTES = [route for route in ROUTES if "GET" in route.methods]



def test_every_route_is_in_the_table(app):
    """A route the table lacks would escape every check here: add it to harness/routes.py."""
    rules = {rule.endpoint: rule.methods - {"HEAD", "OPTIONS"} for rule in app.url_map.iter_rules()}
    table = {route.endpoint: set(route.methods) for route in ROUTES}
    assert table == rules


@by_endpoint(ROUTES)
def test_wrong_methods_get_405(app, site, route):
    client = client_for(app, route)
    before = snapshot()
    for method in sorted(set(METHODS) - set(route.methods)):
        response = client.open(site.url(route.path), method=method)
        assert_refused(response, {405}, before, says="Method not allowed")
        assert set(route.methods) <= set(response.headers["Allow"].split(", "))


@by_endpoint(GET_ROUTES)
def test_odd_query_values_are_refused_or_ignored(app, site, route):
    client = client_for(app, route)
    path, _, query = site.url(route.path).partition("?")
    before = snapshot()
    for page in ODD_PAGES:
        raw_query = f"{query}&page={page}" if query else f"page={page}"
        response = raw_request(client, "GET", path.encode(), raw_query.encode())
        # A listing refuses a page number it cannot show; other pages ignore the parameter.
        assert_refused(response, {400, 404} if route.paged else HARMLESS, before)
    for odd in ODD_QUERIES:
        assert_refused(raw_request(client, "GET", path.encode(), odd.encode()), HARMLESS, before)


@by_endpoint(GET_ROUTES + MOVED)
def test_url_for_names_in_the_query_are_plain_parameters(app, site, route):
    client = client_for(app, route)
    path, _, query = site.url(route.path).partition("?")
    before = snapshot()
    for odd in URL_FOR_NAMES:
        response = raw_request(client, "GET", path.encode(), f"{query}&{odd}".lstrip("&").encode())
        assert_refused(response, HARMLESS, before)
        assert_stays_on_this_site(client, response, HARMLESS, before)


@by_endpoint(MOVED)
def test_old_addresses_redirect_to_the_new_ones(app, site, route):
    response = client_for(app, route).get(site.url(route.path))
    assert response.status_code == 301
    assert urlsplit(response.headers["Location"]).path == site.url(route.path.replace("{old_", "{"))


@by_endpoint([route for route in ROUTES if route.has_slug])
def test_slug_tricks_find_nothing(app, site, route):
    client = client_for(app, route)
    before = snapshot()
    for trick in SLUG_TRICKS:
        path = route.path.replace("{slug}", trick).replace("{category_slug}", trick)
        response = raw_request(client, route.methods[0], path.encode())
        assert_refused(response, {301, 308, 400, 404}, before)


@by_endpoint([route for route in ROUTES if route.has_id])
def test_id_tricks_find_nothing(app, site, route):
    client = client_for(app, route)
    before = snapshot()
    for trick in ID_TRICKS:
        path = route.path
        for name in ("{comment_id}", "{article_id}", "{category_id}"):
            path = path.replace(name, trick)
        assert_refused(raw_request(client, route.methods[0], path.encode()), {400, 404}, before)


@by_endpoint(ROUTES)
def test_invalid_utf8_and_nul_in_the_address_get_400(app, site, route):
    client = client_for(app, route)
    path = site.url(route.path).partition("?")[0]
    before = snapshot()
    for bad_path in (path.encode() + b"\xff\xfe", path.encode() + b"%ff", path.encode() + b"%00",
                     path.encode() + b"\xc0\xae"):
        response = raw_request(client, route.methods[0], bad_path)
        assert_refused(response, {400}, before, says="not valid text")
    for bad_query in (b"q=\xff", b"page=%c0%80", b"x=%00"):
        response = raw_request(client, route.methods[0], path.encode(), bad_query)
        assert_refused(response, {400}, before, says="not valid text")


@by_endpoint(ROUTES)
@pytest.mark.parametrize("app_config", [{"CANONICAL_URL": "https://blog.test"}], indirect=True)
def test_another_host_gets_400_everywhere_but_the_health_probes(app, site, route):
    client = client_for(app, route)
    before = snapshot()
    for host in ("evil.example", "blog.test.evil.example", "10.0.0.5"):
        response = client.open(site.url(route.path), method=route.methods[0], headers={"Host": host})
        if route.endpoint.startswith("health."):
            assert response.status_code == 200
        elif route.endpoint == "metrics.metrics":  # Off here: a 404, whatever the host.
            assert response.status_code == 404
        else:
            assert_refused(response, {400}, before, says="does not answer to the host name")


RAW_REQUEST_LINES = [b"/articles/%ff%fe/", b"/articles/\xff\xfe/", b"/search?q=%00", b"/search?q=\xc0\xae",
                     b"/articles/..%2f..%2fetc%2fpasswd/", b"/category/%c0%ae%c0%ae/", b"/articles/a\x01b/"]


@pytest.mark.servers
def test_raw_bytes_through_a_real_server_get_a_clean_4xx(migrated_database, tmp_path):
    """What the test client cannot send: bytes exactly as they arrive at gunicorn."""
    import socket
    from urllib.parse import urlsplit

    from helpers.servers import running_servers

    with running_servers(1, migrated_database, tmp_path, workers=1) as [server]:
        address = urlsplit(server.url)
        for target in RAW_REQUEST_LINES:
            with socket.create_connection((address.hostname, address.port), timeout=60) as connection:
                connection.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                answer = b""
                while chunk := connection.recv(65536):
                    answer += chunk
            status = int(answer.split(b" ", 2)[1])
            assert 400 <= status < 500 and b"Traceback" not in answer, (target, answer[:300])
        assert "Traceback" not in server.log()
