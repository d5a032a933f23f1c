"""What a deployment must set before it starts: a secret key and its public address.

Development and tests may go without either: a key is generated into the
instance folder, and absolute URLs use the request's host.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import click
from flask import Flask

SECRET_KEY_FILE = "secret_key"


def is_development(app: Flask) -> bool:
    """Development or tests: where a generated key and the request's host will do."""
    return bool(app.debug or app.testing or app.config["DEVELOPMENT"])


def ensure_secret_key(app: Flask) -> None:
    """Refuse to run in production without a configured secret key.

    In development and tests a random key is generated once and kept in the
    instance folder, so signed sessions survive a restart.

    :raise RuntimeError: when no key is configured outside development
        (``click.ClickException`` under the flask command).
    """
    if app.config.get("SECRET_KEY"):
        return
    if not is_development(app):
        message = (
            "SECRET_KEY is not set: set BLOGAPP_SECRET_KEY in the environment, "
            "BLOGAPP_SECRET_KEY_FILE to a file holding it (systemd's LoadCredential=), "
            "or SECRET_KEY in instance/config.py (e.g. from "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`)."
        )
        refuse_to_start(message)
    key_file = Path(app.instance_path) / SECRET_KEY_FILE
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def canonical_url_problem(url: str) -> str | None:
    """What keeps ``url`` from being the site's public address, None if nothing."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        return f"CANONICAL_URL {url!r} is not an http(s) address"
    return None


def ensure_canonical_url(app: Flask) -> None:
    """Refuse to run in production without the site's public address.

    Without it, absolute URLs (the moderator mail's link, feeds) would come
    from the Host header, which the client chooses, and every host name
    anyone sends would be answered and cached. Development and tests may
    leave it unset.

    :raise RuntimeError: when it is unset or not an http(s) address outside
        development (``click.ClickException`` under the flask command).
    """
    if is_development(app):
        return
    url = app.config["CANONICAL_URL"]
    problem = canonical_url_problem(url) if url else "CANONICAL_URL is not set"
    if problem:
        refuse_to_start(
            f"{problem}: set BLOGAPP_CANONICAL_URL in the environment or CANONICAL_URL in "
            "instance/config.py to the address readers use, e.g. https://blog.example.org. "
            "Absolute links are built on it and requests for other hosts are refused."
        )


def refuse_to_start(message: str) -> NoReturn:
    """Stop ``create_app`` with ``message``, which says what to set."""
    # Under `flask ...` (e.g. check-config) print the fix, not a traceback.
    if click.get_current_context(silent=True) is not None:
        raise click.ClickException(message)
    raise RuntimeError(message)
