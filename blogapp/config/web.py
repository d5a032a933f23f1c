"""Defaults for requests: the secret key, hosts and proxies, logs, headers, cookies, sign-in limits."""

from __future__ import annotations


class WebDefaults:
    """Requests and their safety: the secret key, hosts and proxies, logs, headers, cookies, sign-in limits."""

    # No default secret: production must configure one. Development and
    # tests get a generated key (see ``production.ensure_secret_key``).
    SECRET_KEY: str | None = None
    # ``make run`` sets BLOGAPP_DEVELOPMENT=true; it allows the generated key.
    DEVELOPMENT = False

    # The site's public address, scheme and host, e.g. "https://blog.example.org"
    # (no trailing path). Required outside development (see
    # production.ensure_canonical_url). Every absolute URL (moderator mail,
    # feeds, the sitemap, canonical links, structured data) starts with it,
    # never with the Host a request names; requests for any other host get a
    # 400 page (blogapp/web/hosts.py). An https address also turns on HSTS.
    # Unset (development, tests only): absolute URLs use the request's host
    # and every host is answered.
    CANONICAL_URL = ""
    # Host names answered besides CANONICAL_URL's, e.g. ["www.blog.example.org"]
    # (BLOGAPP_ALLOWED_HOSTS='["www.blog.example.org"]'). Compared without case
    # or port, as Django's ALLOWED_HOSTS; their pages still link to CANONICAL_URL.
    # /healthz answers on any host (load balancers probe by address).
    ALLOWED_HOSTS: list[str] = []
    # How many reverse proxies (nginx, a load balancer) stand in front of the
    # app and set X-Forwarded-For, -Proto and -Host. 0 trusts no such header.
    TRUSTED_PROXIES = 0
    # Per-header counts for werkzeug's ProxyFix (x_for, x_proto, x_host,
    # x_port, x_prefix), overriding TRUSTED_PROXIES for unusual proxy chains.
    PROXY_FIX_OPTIONS: dict = {}

    # DEBUG, INFO, WARNING or ERROR (BLOGAPP_LOG_LEVEL).
    LOG_LEVEL = "INFO"
    # Larger request bodies get a 413 page. A 5,000-character comment fits
    # even when every character takes four bytes.
    MAX_CONTENT_LENGTH = 64 * 1024
    # Sent on every response. No 'unsafe-inline': templates have no inline
    # scripts, styles or event handlers (a test scans the pages). Images only
    # from the blog itself (the media library): another host would learn who reads.
    CONTENT_SECURITY_POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        "script-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    # Strict-Transport-Security max-age, sent when CANONICAL_URL is https.
    HSTS_MAX_AGE = 365 * 24 * 3600

    WTF_CSRF_TIME_LIMIT = 3600 * 4
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Set to true when the site is served over HTTPS.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Follows SESSION_COOKIE_SECURE unless set explicitly (see loading.load_config).
    REMEMBER_COOKIE_SECURE: bool | None = None

    # Sign-in attempts that fail, per client address and per username
    # (Flask-Limiter notation); successful sign-ins are not counted.
    LOGIN_LIMIT_PER_CLIENT = "10 per minute;50 per hour"
    LOGIN_LIMIT_PER_USERNAME = "5 per minute;20 per hour"
