"""Filling an app's config: the defaults, the instance, the environment, the tests' values."""

from __future__ import annotations

import os

from flask import Flask

from .defaults import Defaults
from .production import ensure_canonical_url, ensure_secret_key
from .secrets import apply_conventional_variables, apply_secret_files, with_psycopg_driver


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill ``app.config`` from the defaults, the instance, the environment (and secret files)."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("BLOGAPP")
    apply_conventional_variables(app.config, os.environ)
    if test_config:
        app.config.update(test_config)
    apply_secret_files(app.config)
    app.config["SQLALCHEMY_DATABASE_URI"] = with_psycopg_driver(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["REMEMBER_COOKIE_SECURE"] is None:
        app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    ensure_secret_key(app)
    ensure_canonical_url(app)
    apply_redis_url(app)
    apply_engine_options(app)


def apply_redis_url(app: Flask) -> None:
    """Count rate limits in Redis when REDIS_URL is set and no store was chosen."""
    if app.config["REDIS_URL"] and app.config["RATELIMIT_STORAGE_URI"] == Defaults.RATELIMIT_STORAGE_URI:
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]


def apply_engine_options(app: Flask) -> None:
    """Give PostgreSQL the pool settings; what the deployment set wins."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["POSTGRESQL_ENGINE_OPTIONS"],
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
