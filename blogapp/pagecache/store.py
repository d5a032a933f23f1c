"""Where rendered pages and the content version are kept.

Without Redis, each worker keeps pages in its own memory (Flask-Caching's
SimpleCache, at most PAGE_CACHE_MAX_PAGES) and reads the version from a file
the host's workers share. With REDIS_URL, pages and version live in Redis and
one round trip fetches both.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from flask import Flask, current_app
from flask_caching import Cache

from .versions import Version, VersionFile, new_version

logger = logging.getLogger("blogapp.pagecache")
VERSION_KEY = "content-version"


@dataclass(frozen=True)
class Entry:
    """A rendered page: text parts, with the names of reader slots between them."""

    version: str
    etag: str
    changed_at: float
    mimetype: str
    parts: tuple


class KeptAsIs:
    """A cachelib serializer that keeps values unchanged (for immutable values in memory)."""

    @staticmethod
    def dumps(value):
        return value

    @staticmethod
    def loads(value):
        return value


class PageStore:
    def __init__(self, app: Flask):
        config = app.config
        self.redis = bool(config["REDIS_URL"])
        settings = {"CACHE_DEFAULT_TIMEOUT": config["PAGE_CACHE_TIMEOUT"]}
        if self.redis:
            settings.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=config["REDIS_URL"],
                            CACHE_KEY_PREFIX=config["PAGE_CACHE_KEY_PREFIX"],
                            # If Redis stops answering, render pages rather than wait.
                            CACHE_OPTIONS={"socket_timeout": 0.5, "socket_connect_timeout": 0.5})
        else:
            settings.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=config["PAGE_CACHE_MAX_PAGES"])
            self.version_file = VersionFile(os.path.join(app.instance_path, config["PAGE_CACHE_VERSION_FILE"]))
        # No Jinja extension: no template uses Flask-Caching's {% cache %} tag.
        self.cache = Cache(app, with_jinja2_ext=False, config=settings)
        # The backend itself: reachable without an app context (the fast path has none).
        self.backend = app.extensions["cache"][self.cache]
        if not self.redis:
            # In this process's memory, entries (frozen, of bytes) are kept as they
            # are: pickling a 40 KB page for every hit cost more than serving it.
            self.backend.serializer = KeptAsIs()
        # Pages stored by another release or under other settings are not ours.
        self.fingerprint = deployment_fingerprint(app)
        # A change this worker could not publish (Redis away): retried first thing.
        self.unpublished = False

    def fetch(self, key: str | None) -> tuple[Version | None, Entry | None]:
        """The current version and the page stored under ``key`` (None: just the version)."""
        if self.unpublished:
            self.publish(new_version())
        if self.redis:
            raw_version, entry = self.backend.get_many(VERSION_KEY, key or VERSION_KEY)
            version = Version.loads(raw_version)
        else:
            version, entry = self.version_file.read(), self.backend.get(key) if key else None
        return version, entry if isinstance(entry, Entry) else None

    def keep(self, key: str, entry: Entry) -> None:
        self.backend.set(key, entry)

    def publish(self, version: Version) -> None:
        self.unpublished = True
        if self.redis:
            self.backend.set(VERSION_KEY, version.dumps(), timeout=0)
        else:
            self.version_file.write(version)
        self.unpublished = False


def register(app: Flask) -> None:
    """Give ``app`` its page store and follow the commits that change content."""
    from .changes import watch_sessions

    app.extensions["blogapp.pages"] = PageStore(app)
    watch_sessions()


def page_store() -> PageStore:
    return current_app.extensions["blogapp.pages"]


def deployment_fingerprint(app: Flask) -> str:
    """A digest of the settings and templates that shape every page."""
    digest = hashlib.blake2b(digest_size=8)
    for name, value in sorted(app.config.items()):
        if isinstance(value, (str, int, float, bool, list, dict, tuple, type(None))):
            digest.update(f"{name}={value!r}\n".encode())
    for template in sorted(Path(app.root_path, app.template_folder).rglob("*")):
        if template.is_file():
            digest.update(template.read_bytes())
    return digest.hexdigest()


# Query parameters that choose a cached page (each view names its own).
PAGE_PARAMS = frozenset({"page", "before", "after"})


def page_key_parts(environ: dict, params, query: list[tuple[str, str]] | None = None) -> list[str]:
    """What a page's address is made of, read from the WSGI environ the same
    way by the view decorator and the fast path: scheme, host, path and the
    non-empty ``params`` of the query string (``query``: already parsed)."""
    if query is None:
        query = parse_qsl(environ.get("QUERY_STRING", ""))
    query = sorted((name, value) for name, value in query if value and name in params)
    return [environ["wsgi.url_scheme"], environ.get("HTTP_HOST", ""), environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""), *(f"{name}={value}" for name, value in query)]


def page_key(store: PageStore, parts: list[str]) -> str:
    raw = "\n".join([store.fingerprint, *parts]).encode()
    return "page:" + hashlib.blake2b(raw, digest_size=16).hexdigest()


def current_version(store: PageStore, version: Version | None, now: float) -> Version:
    """``version``, or a new one when there is none yet or the clock moved past it."""
    if version is None or version.outdated(now):
        version = new_version()
        store.publish(version)
    return version


def content_changed() -> None:
    """Retire every cached page: call after committing a change readers can see."""
    store = current_app.extensions.get("blogapp.pages")
    if store is None:
        return
    try:
        store.publish(new_version())
    except Exception:  # Redis away: this worker retries before it serves a cached page.
        logger.exception("could not publish a new content version")
