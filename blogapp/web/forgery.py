"""Forged requests refused: a form sent from another site, a signed-in post without its token.

Pages readers share carry nothing of one reader's, so an anonymous form (a
comment, the sign-in form) cannot hold a token of theirs. Its protection
is what the browser says about where the request comes from, as OWASP's
CSRF guidance and Go's ``http.CrossOriginProtection`` use it: a
``Sec-Fetch-Site`` other than ``same-origin`` (or ``none``: the person
typed it), or without that header an ``Origin`` that is not the site's, is
refused. A request with neither header did not come from a modern
browser, so no one's browser was tricked into sending it (the comment
rules treat it as a bot's, see comments/posting.py).

Everything done with a signed-in session also needs the session's CSRF
token (Flask-WTF): staff pages are never shared, so they carry it.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask_login import current_user

from ..extensions import csrf
from .errors import render_error

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Sec-Fetch-Site values for a request the site itself (or the person) started.
OWN_SITE = frozenset({"same-origin", "none"})
DEFAULT_PORTS = {"http": "80", "https": "443"}
REFUSED = ("This form was sent from another site, so nothing was saved. "
           "If you meant to send it, open this site's page yourself and send the form from there.")


@lru_cache(maxsize=64)
def normal_origin(origin: str) -> str:
    """``origin`` (scheme://host[:port]) lower-case, without a default port."""
    parts = urlsplit(origin.strip().lower())
    port = str(parts.port) if parts.port else ""
    if port == DEFAULT_PORTS.get(parts.scheme):
        port = ""
    host = parts.hostname or ""
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{':' + port if port else ''}"


def site_origins(config, environ: dict) -> set[str]:
    """The origins that are this site: CANONICAL_URL's, and the one the request was sent to.

    The request's own host has passed the host check (web/hosts.py) by now.
    """
    origins = {normal_origin(f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', '')}")}
    if config["CANONICAL_URL"]:
        origins.add(normal_origin(config["CANONICAL_URL"]))
    return origins


def sent_from_elsewhere(config, environ: dict) -> bool:
    """Whether the browser says this (unsafe) request was started by another site."""
    fetch_site = environ.get("HTTP_SEC_FETCH_SITE")
    origin = environ.get("HTTP_ORIGIN")
    if fetch_site is not None and fetch_site.lower() in OWN_SITE:
        return False
    if origin is None:
        # same-site or cross-site without an Origin, or no browser at all.
        return fetch_site is not None
    return normal_origin(origin) not in site_origins(config, environ)


def from_a_browser(environ: dict) -> bool:
    """Whether the request carries the headers every current browser sends with a form."""
    return "HTTP_ORIGIN" in environ or "HTTP_SEC_FETCH_SITE" in environ


def accepts_posts_from_anywhere(view):
    """Mark ``view`` as one that other sites and servers may POST to, with neither check below.

    Only for a view whose address is its own credential (a signed token) and
    whose action is one anybody holding the address may take, such as RFC
    8058's one-click unsubscribe; it says why in its docstring.
    """
    view.accepts_posts_from_anywhere = True
    return view


def _from_anywhere() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "accepts_posts_from_anywhere", False)


def refuse_forgeries():
    if request.method in SAFE_METHODS or request.routing_exception is not None:
        return None  # An unknown address or method gets its 404 or 405 page.
    if _from_anywhere():
        return None
    if sent_from_elsewhere(current_app.config, request.environ):
        return render_error(403, REFUSED)
    if current_user.is_authenticated:
        csrf.protect()  # :raise CSRFError: answered by web/errors.py with a 400 page that keeps the text.
    return None


def install(app: Flask) -> None:
    """After the host check; Flask-WTF checks tokens only where ``refuse_forgeries`` asks it to."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(refuse_forgeries)
