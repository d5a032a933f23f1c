"""Installing the request plumbing: what wraps every request, in the order it must run."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask

from ..extensions import csrf, login_manager
from . import addresses, assets, errors, forgery, headers, hosts, inputs, quotas, requestlog, routing, sessions, templating


def install(app: Flask, in_front_of_flask: Iterable[Callable[[Flask], None]] = ()) -> None:
    """Logging, request ids, sessions, hosts, proxy headers, security headers
    and the input checks come first, so they wrap every request, including
    those other hooks reject.

    ``in_front_of_flask``: WSGI layers (the page cache's fast path) that
    answer before Flask, after the proxy headers are read.
    """
    sessions.install(app)
    requestlog.install(app)
    for install_layer in in_front_of_flask:
        install_layer(app)
    # The host check runs in Flask's hooks; the fast path asks it itself.
    hosts.install(app)
    # Outermost: proxy headers are read before anything else looks at the request.
    addresses.install(app)
    headers.install(app)
    inputs.install(app)
    routing.install(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    forgery.install(app)
    quotas.install(app)
    errors.install(app)


def install_templates(app: Flask) -> None:
    """Template helpers and static files; addresses are remembered once every blueprint is in."""
    templating.install(app)
    assets.install(app)
    routing.remember_urls(app)
