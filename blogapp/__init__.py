"""blogapp: a server-rendered blog with moderated reader comments."""

from __future__ import annotations

import os

from flask import Flask

from . import ratestore  # noqa: F401  (registers the memory:// rate-limit storage)
from .config import load_config
from .extensions import csrf, db, login_manager
from .sqlite import tune_sqlite_engine
from .templateenv import TemplateEnvironment


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, errors, commands."""
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
    register_serving(app)
    register_extensions(app)
    register_blueprints(app)
    register_templating(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_serving(app: Flask) -> None:
    """Logging, request ids, proxy headers, security headers, the host and
    input checks come first, so they wrap every request, including those
    other hooks reject."""
    from .hosts import register as register_host_check
    from .inputs import register as register_input_checks
    from .pagecache.fastpath import register as register_fast_path
    from .requestlog import register as register_request_log
    from .routing import register as register_id_converter
    from .security import register as register_security
    from .serving import register as register_proxy
    from .sessions import register as register_sessions

    register_sessions(app)
    register_request_log(app)
    # Cached pages are answered before Flask, after the proxy headers are read,
    # and only for hosts the site answers (the fast path asks the host check too).
    register_fast_path(app)
    register_host_check(app)
    register_proxy(app)
    register_security(app)
    register_input_checks(app)
    register_id_converter(app)


def register_extensions(app: Flask) -> None:
    from .quotas import register as register_rate_limits
    from .schema import register as register_migrations

    db.init_app(app)
    register_migrations(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    register_rate_limits(app)
    from .comments.counts import watch_comment_counts
    from .pagecache.store import register as register_page_cache
    from .plaintext import watch_text_columns
    from .reading import register as register_reading
    from .search.index import watch_articles

    watch_articles()
    watch_comment_counts()
    watch_text_columns(db.Model)
    register_page_cache(app)
    register_reading(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            tune_sqlite_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT"])


def register_blueprints(app: Flask) -> None:
    from .auth.views import bp as auth_bp
    from .blog.views import bp as blog_bp
    from .categories.views import bp as categories_bp
    from .comments.views import bp as comments_bp
    from .desk.views import bp as desk_bp
    from .feeds.views import bp as feeds_bp
    from .health.views import bp as health_bp
    from .queue.views import bp as queue_bp
    from .search.views import bp as search_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(blog_bp)
    app.register_blueprint(categories_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(queue_bp)
    app.register_blueprint(search_bp)


def register_templating(app: Flask) -> None:
    from .assets import register as register_assets
    from .routing import remember_urls
    from .templating import register

    register(app)
    register_assets(app)
    remember_urls(app)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
