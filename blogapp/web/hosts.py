"""Which host names the site answers for: CANONICAL_URL's, and ALLOWED_HOSTS.

The Host header (or X-Forwarded-Host, from a trusted proxy) is the client's
to choose. With CANONICAL_URL set, a request for any other name gets a 400
page before a view, a form or the page cache sees it: no mail, feed or page
is made for, and no cached page is kept under, a name the site does not
have. Names are compared as Django's ALLOWED_HOSTS compares them: without
case, port or a final dot. The probes (``/healthz``, ``/livez``,
``/readyz``) and ``/metrics`` answer on any host, since load balancers and
Prometheus reach each app host by its address; they link nowhere and are
never cached. Without CANONICAL_URL
(development and tests only) every host is answered.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, current_app, request

from .errors import render_error

# Endpoints answered whatever the host: what load balancers and monitors call.
ANY_HOST_ENDPOINTS = frozenset({"health.healthz", "health.livez", "health.readyz", "metrics.metrics"})


def bare_host_name(host: str) -> str:
    """``host`` (a Host header's value) lower-case, without port, brackets or final dot."""
    if host.startswith("["):  # An IPv6 address, e.g. [2001:db8::1]:8080.
        name = host[1:host.find("]")] if "]" in host else ""
    elif host.count(":") > 1:  # An IPv6 address without brackets (only in ALLOWED_HOSTS).
        name = host
    else:
        name = host.partition(":")[0]
    return name.rstrip(".").lower()


def host_name(environ: dict) -> str:
    """The host name a request is for (after the proxy fix, X-Forwarded-Host's)."""
    return bare_host_name(environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "")


@lru_cache(maxsize=16)
def _names(canonical: str, extra: tuple[str, ...]) -> frozenset[str]:
    return frozenset({urlsplit(canonical).hostname, *(bare_host_name(name) for name in extra)}) - {None, ""}


def allowed_host_names(config) -> frozenset[str] | None:
    """The names the site answers for; None, when CANONICAL_URL is unset, for all."""
    canonical = config["CANONICAL_URL"]
    if not canonical:
        return None
    extra = config["ALLOWED_HOSTS"]
    if isinstance(extra, str):  # BLOGAPP_ALLOWED_HOSTS=www.example.org,example.org
        extra = extra.replace(",", " ").split()
    return _names(canonical, tuple(extra))


def host_allowed(config, environ: dict) -> bool:
    """Whether the site answers this request's host (called by the page cache's fast path too)."""
    names = allowed_host_names(config)
    return names is None or host_name(environ) in names


def refuse_other_hosts():
    """The 400 page for a host the site does not have; None lets the request go on."""
    if request.endpoint in ANY_HOST_ENDPOINTS or host_allowed(current_app.config, request.environ):
        return None
    address = current_app.config["CANONICAL_URL"].rstrip("/")
    return render_error(
        400, f"This site does not answer to the host name this request was sent to. Its address is {address}."
    )


def install(app: Flask) -> None:
    app.before_request(refuse_other_hosts)
