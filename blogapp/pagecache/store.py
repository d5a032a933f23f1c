"""Where rendered pages and the content version are kept.

Without Redis, each worker keeps pages in its own memory (``memory.py``, at
most PAGE_CACHE_MAX_BYTES) and reads the version from a file the host's
workers share. With REDIS_URL, pages and version live in Redis under
PAGE_CACHE_KEY_PREFIX and one round trip fetches both; every page expires
(see docs/deploy.md for the maxmemory policy). No page larger than
PAGE_CACHE_MAX_PAGE_BYTES is stored in either.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from urllib.parse import parse_qsl

from flask import Flask, current_app
from flask_caching import Cache

from ..storage.changes import public_content_committed
from .entries import Entry
from .memory import MemoryPages
from .versions import Version, VersionFile, new_version

logger = logging.getLogger("blogapp.pagecache")
VERSION_KEY = "content-version"


# Seconds a page may stay stored, at most (PAGE_CACHE_TIMEOUT 0 means this):
# in Redis, a key without a TTL is never evicted under volatile-lru.
MAX_PAGE_TIMEOUT = 24 * 3600


def page_timeout(config) -> int:
    """PAGE_CACHE_TIMEOUT, between 1 second and MAX_PAGE_TIMEOUT."""
    timeout = int(config["PAGE_CACHE_TIMEOUT"] or 0)
    return min(timeout, MAX_PAGE_TIMEOUT) if timeout > 0 else MAX_PAGE_TIMEOUT


class PageStore:
    def __init__(self, app: Flask):
        config = app.config
        self.redis = bool(config["REDIS_URL"])
        self.timeout = page_timeout(config)
        self.max_page_bytes = int(config["PAGE_CACHE_MAX_PAGE_BYTES"])
        if self.redis:
            settings = {
                "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": config["REDIS_URL"],
                "CACHE_KEY_PREFIX": config["PAGE_CACHE_KEY_PREFIX"], "CACHE_DEFAULT_TIMEOUT": self.timeout,
                # If Redis stops answering, render pages rather than wait.
                "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
            }
            # No Jinja extension: no template uses Flask-Caching's {% cache %} tag.
            cache = Cache(app, with_jinja2_ext=False, config=settings)
            # The backend itself: reachable without an app context (the fast path has none).
            self.backend = app.extensions["cache"][cache]
        else:
            # Entries (frozen, of bytes) are kept as they are: pickling a 40 KB
            # page for every hit cost more than serving it.
            self.backend = MemoryPages(int(config["PAGE_CACHE_MAX_BYTES"]), self.timeout,
                                       config["PAGE_CACHE_MAX_PAGES"])
            self.version_file = VersionFile(os.path.join(app.instance_path, config["PAGE_CACHE_VERSION_FILE"]))
        # Pages stored by another release or under other settings are not ours.
        self.fingerprint = deployment_fingerprint(app)
        # What every page's key starts with, whatever host asked (see page_key_parts).
        self.site = config["CANONICAL_URL"].rstrip("/")
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

    def keep(self, key: str, entry: Entry) -> bool:
        """Store ``entry`` unless it is larger than PAGE_CACHE_MAX_PAGE_BYTES; whether it was."""
        if entry.size > self.max_page_bytes:
            return False
        if self.redis:
            # Every page expires: Redis's volatile-lru evicts only keys that do.
            return bool(self.backend.set(key, entry, timeout=self.timeout))
        return self.backend.set(key, entry)

    def publish(self, version: Version) -> None:
        self.unpublished = True
        if self.redis:
            # No TTL, so volatile-lru never evicts it; should allkeys-lru do so,
            # the next request publishes a new version and no old page matches it.
            self.backend.set(VERSION_KEY, version.dumps(), timeout=0)
        else:
            self.version_file.write(version)
        self.unpublished = False


def install(app: Flask) -> None:
    """Give ``app`` its page store; commits that change what readers see retire its pages."""
    app.extensions["blogapp.pages"] = PageStore(app)
    public_content_committed.connect(_retire_pages)


def _retire_pages(app: Flask) -> None:
    with app.app_context():
        content_changed()


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


def page_key_parts(store: PageStore, environ: dict, params, query: list[tuple[str, str]] | None = None) -> list[str]:
    """What a page's address is made of, read from the WSGI environ the same
    way by the view decorator and the fast path: the site, path and the
    non-empty ``params`` of the query string (``query``: already parsed, blanks kept).

    The site is CANONICAL_URL when set: every host the site answers gets the
    same page (its links are relative or canonical), so a Host header mints
    no key. Of a parameter given twice, the first counts, as the views read it.
    """
    if query is None:
        query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    chosen: dict[str, str] = {}
    for name, value in query:
        if name in params:
            chosen.setdefault(name, value)
    site = store.site or f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', '')}"
    return [site, environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""),
            *(f"{name}={value}" for name, value in sorted(chosen.items()) if value)]


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
