"""How the app meets the web: proxy headers in, canonical absolute URLs out."""

from __future__ import annotations

from typing import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

from ..config import is_development
from .routing import STAND_IN, path_segment


def proxy_fix_options(config) -> dict[str, int]:
    """ProxyFix counts: TRUSTED_PROXIES for For/Proto/Host, PROXY_FIX_OPTIONS on top."""
    trusted = int(config["TRUSTED_PROXIES"])
    options = {"x_for": trusted, "x_proto": trusted, "x_host": trusted, "x_port": 0, "x_prefix": 0}
    options.update({key: int(value) for key, value in config["PROXY_FIX_OPTIONS"].items()})
    return options


def absolute_url_for(endpoint: str, **values) -> str:
    """An absolute URL on CANONICAL_URL, whatever host the request came in on.

    The one maker of absolute URLs (mail, feeds, sitemap, structured data,
    canonical links): a Host or X-Forwarded-Host header is the client's to
    choose, so an address that leaves the request never comes from it.
    Works outside requests too (commands, mail). Only in development and
    tests, where CANONICAL_URL may be unset, does it fall back to Flask's
    external URL (the request's host, or SERVER_NAME).

    :raise RuntimeError: when CANONICAL_URL is unset outside development
        (``create_app`` refuses to start then, so only a config changed later).
    """
    canonical = current_app.config["CANONICAL_URL"].rstrip("/")
    if not canonical:
        if not is_development(current_app):
            raise RuntimeError("CANONICAL_URL is not set: absolute URLs need it outside development")
        return url_for(endpoint, _external=True, **values)
    if has_request_context():
        return canonical + url_for(endpoint, _external=False, **values)
    parts = urlsplit(canonical)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def absolute_address_maker(endpoint: str, field: str) -> Callable[[str], str]:
    """``absolute_url_for(endpoint, **{field: value})`` for many values at once (a sitemap's 50,000 articles).

    Built once around a stand-in, as ``routing.address_maker`` does for relative addresses.
    """
    prefix, _, suffix = absolute_url_for(endpoint, **{field: STAND_IN}).rpartition(STAND_IN)
    return lambda value: f"{prefix}{path_segment(value)}{suffix}"


def install(app: Flask) -> None:
    options = proxy_fix_options(app.config)
    # With no trusted proxy, X-Forwarded-* headers are ignored altogether.
    if any(options.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **options)
    app.jinja_env.globals["absolute_url_for"] = absolute_url_for
