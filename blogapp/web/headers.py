"""Security headers on every response, pages, errors and static files alike."""

from __future__ import annotations

from flask import Flask, Response, current_app


def uses_https(config) -> bool:
    """HTTPS is configured when the site's public address is https."""
    return str(config.get("CANONICAL_URL", "")).startswith("https://")


def security_headers(config) -> list[tuple[str, str]]:
    """The headers every response carries, unless a view set its own."""
    headers = [
        ("Content-Security-Policy", config["CONTENT_SECURITY_POLICY"]),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        # For browsers that predate CSP's frame-ancestors.
        ("X-Frame-Options", "DENY"),
    ]
    if uses_https(config) and config["HSTS_MAX_AGE"]:
        headers.append(("Strict-Transport-Security", f"max-age={int(config['HSTS_MAX_AGE'])}"))
    return headers


def add_security_headers(response: Response) -> Response:
    # One pass over the response's headers, not one per header added: every request pays for this.
    present = {name.lower() for name in response.headers.keys()}
    for name, value in security_headers(current_app.config):
        if name.lower() not in present:
            response.headers.add(name, value)
    return response


def install(app: Flask) -> None:
    app.after_request(add_security_headers)
