"""blogapp: a server-rendered blog with moderated reader comments."""

from __future__ import annotations

import os

from flask import Flask

from .config import load_config
from .web.templateenv import TemplateEnvironment


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application, one layer at a time: config, web, storage, features, commands."""
    from . import cli, features, metrics
    from .pagecache import fastpath, store
    from .storage import database
    from .web import plumbing

    # The instance folder holds the deployment's config and the SQLite file;
    # BLOGAPP_INSTANCE_PATH (absolute) moves it, e.g. to /var/lib/blogapp.
    app = Flask(
        __name__,
        instance_path=os.environ.get("BLOGAPP_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    # Before anything builds app.jinja_env: Jinja's, with quicker macro imports.
    app.jinja_environment = TemplateEnvironment
    os.makedirs(app.instance_path, exist_ok=True)
    load_config(app, test_config)
    # Cached pages are answered before Flask, once the proxy headers are read.
    plumbing.install(app, in_front_of_flask=[fastpath.install])
    # Every write's side effects: storage/effects.py lists them.
    database.install(app)
    store.install(app)
    features.install(app)
    # /metrics; counting only with METRICS_ENABLED (prometheus_client stays unloaded otherwise).
    metrics.install(app)
    plumbing.install_templates(app)
    cli.install(app)
    return app
