"""Security headers on every response, pages, errors and static files alike."""

from __future__ import annotations

from flask import Flask, Response, current_app


def uses_https(config) -> bool:
    """HTTPS is configured when the site's public address is https."""
    return str(config.get("CANONICAL_URL", "")).startswith("https://")


def add_security_headers(response: Response) -> Response:
    config = current_app.config
    headers = response.headers
    headers.setdefault("Content-Security-Policy", config["CONTENT_SECURITY_POLICY"])
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    # For browsers that predate CSP's frame-ancestors.
    headers.setdefault("X-Frame-Options", "DENY")
    if uses_https(config) and config["HSTS_MAX_AGE"]:
        headers.setdefault("Strict-Transport-Security", f"max-age={int(config['HSTS_MAX_AGE'])}")
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
