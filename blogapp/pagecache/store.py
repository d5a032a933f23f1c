"""Where rendered pages and the content version are kept.

Without Redis, each worker keeps pages in its own memory (``hostpages.py``,
at most PAGE_CACHE_MAX_BYTES) and reads the version from a file the host's
workers share. With REDIS_URL, pages and version live in Redis under
PAGE_CACHE_KEY_PREFIX and one round trip fetches both (``redispages.py``);
every page expires (see docs/deploy.md for the maxmemory policy). A change
retires the pages that show what it changed (``tags.py``). No page larger than
PAGE_CACHE_MAX_PAGE_BYTES is stored in either.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qsl

from flask import Flask, current_app

from ..extensions import db
from ..storage.changes import PublicChange, public_content_committed
from .clock import changed_by_the_clock, next_clock_change
from .entries import Entry
from .hostpages import HostPages
from .redispages import RedisPages
from .tags import retired_by
from .versions import Clock, Version, fresh_version

logger = logging.getLogger("blogapp.pagecache")

# Seconds a page may stay stored, at most (PAGE_CACHE_TIMEOUT 0 means this):
# in Redis, a key without a TTL is never evicted under volatile-lru.
MAX_PAGE_TIMEOUT = 24 * 3600
# Past this many tags at once (a clock change after a long quiet spell), every page retires.
MAX_TAGS_AT_ONCE = 200


def page_timeout(config) -> int:
    """PAGE_CACHE_TIMEOUT, between 1 second and MAX_PAGE_TIMEOUT."""
    timeout = int(config["PAGE_CACHE_TIMEOUT"] or 0)
    return min(timeout, MAX_PAGE_TIMEOUT) if timeout > 0 else MAX_PAGE_TIMEOUT


class PageStore:
    def __init__(self, app: Flask):
        config = app.config
        self.redis = bool(config["REDIS_URL"])
        self.max_page_bytes = int(config["PAGE_CACHE_MAX_PAGE_BYTES"])
        timeout = page_timeout(config)
        if self.redis:
            self.backend = RedisPages(config["REDIS_URL"], config["PAGE_CACHE_KEY_PREFIX"], timeout)
        else:
            self.backend = HostPages(os.path.join(app.instance_path, config["PAGE_CACHE_VERSION_FILE"]),
                                     int(config["PAGE_CACHE_MAX_BYTES"]), timeout, config["PAGE_CACHE_MAX_PAGES"])
        # Pages stored by another release or under other settings are not ours.
        self.fingerprint = deployment_fingerprint(app)
        # What every page's key starts with, whatever host asked (see page_key_parts).
        self.site = config["CANONICAL_URL"].rstrip("/")
        # A change this worker could not publish (Redis away): every page
        # retires first thing when Redis is back.
        self.unpublished = False

    def fetch(self, key: str) -> tuple[Version | None, Entry | None]:
        """The current version, and the page stored under ``key`` if it is still current."""
        if self.unpublished:
            self.replace(new_version())
        return self.backend.fetch(key)

    def keep(self, key: str, entry: Entry) -> bool:
        """Store ``entry`` unless it is larger than PAGE_CACHE_MAX_PAGE_BYTES; whether it was."""
        if entry.size > self.max_page_bytes:
            return False
        return self.backend.keep(key, entry)

    def replace(self, version: Version) -> None:
        """Make ``version`` current: every page stored before retires."""
        self.unpublished = True
        self.backend.replace(version)
        self.unpublished = False

    def retire(self, tags: Iterable[str] | None, now: float | None = None, clock: Clock | None = None) -> None:
        """Retire the pages that show ``tags`` (None: every page)."""
        if tags is None or len(tags := frozenset(tags)) > MAX_TAGS_AT_ONCE:
            self.replace(new_version())
            return
        self.unpublished = True
        self.backend.retire(tags, time.time() if now is None else now, clock)
        self.unpublished = False


def install(app: Flask) -> None:
    """Give ``app`` its page store; commits that change what readers see retire its pages."""
    app.extensions["blogapp.pages"] = PageStore(app)
    public_content_committed.connect(_retire_pages)


def _retire_pages(app: Flask, change: PublicChange) -> None:
    with app.app_context():
        content_changed(change)


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


def new_version(now: float | None = None) -> Version:
    """A version that retires every page, asking the database when the clock next changes one."""
    now = time.time() if now is None else now
    with db.engine.connect() as connection:
        return fresh_version(now, next_clock_change(connection, now))


def current_version(store: PageStore, version: Version | None, now: float) -> bool:
    """Bring the version up to date if there is none yet or the clock moved past
    it; whether it had to (then pages must be fetched again)."""
    if version is None:
        store.replace(new_version(now))
        return True
    if not version.outdated(now):
        return False
    with db.engine.connect() as connection:
        change = changed_by_the_clock(connection, version.checked_at, now)
        next_change = next_clock_change(connection, now)
    store.retire(retired_by(change), now, Clock(next_change, checked=True))
    return True


def content_changed(change: PublicChange | None = None) -> None:
    """Retire the pages ``change`` touches (None: every page): call after committing it."""
    store = current_app.extensions.get("blogapp.pages")
    if store is None:
        return
    try:
        tags, now, clock = None if change is None else retired_by(change), time.time(), None
        if tags is None:
            store.replace(new_version(now))
            return
        if change.articles:  # A new schedule, perhaps: the clock may change a page sooner.
            with db.engine.connect() as connection:
                clock = Clock(next_clock_change(connection, now))
        store.retire(tags, now, clock)
    except Exception:  # Redis away: this worker retires every page before it serves one.
        logger.exception("could not retire cached pages")
