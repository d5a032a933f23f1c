"""Defaults for the state workers and hosts share: Redis, the page cache, rate-limit counters."""

from __future__ import annotations


class CachingDefaults:
    """State shared by workers and hosts: Redis, the page cache, HTTP caches in front, rate-limit counters."""

    # Shared state for several workers and hosts, e.g. "redis://10.0.0.5:6379/0".
    # When set, rate-limit counters (and the page cache) live there; when empty,
    # each gunicorn worker keeps its own in memory (see README, "Redis").
    REDIS_URL = ""
    # --- Page cache (see blogapp/pagecache/) ---
    # Pages for anonymous readers are rendered once per content version and
    # shared; any change readers can see retires them at once. Signed-in staff,
    # readers with a message or a comment awaiting moderation get their own.
    PAGE_CACHE_ENABLED = True
    # Without REDIS_URL: the bytes of pages each gunicorn worker keeps in memory,
    # at most; the least recently used page makes room. A page costs about its
    # size (the home page ~6 KB, an article with 50 comments ~50 KB, one long
    # thread megabytes), so 16 MiB hold the hot pages of most blogs, and a host
    # spends at most workers x this. Larger sites: raise it, or share one REDIS_URL.
    PAGE_CACHE_MAX_BYTES = 16 * 1024 * 1024
    # A page larger than this is served, but never stored (in memory or Redis).
    PAGE_CACHE_MAX_PAGE_BYTES = 1024 * 1024
    # Deprecated: a count says little about memory; use PAGE_CACHE_MAX_BYTES.
    # When set (a number), it still caps the pages a worker keeps, as before.
    PAGE_CACHE_MAX_PAGES: int | None = None
    # Seconds a cached page is kept at most (it is retired sooner on any change),
    # up to a day; 0 means a day: every page expires, so Redis can evict it.
    PAGE_CACHE_TIMEOUT = 3600
    # Without REDIS_URL: the file, in the instance folder, holding the content
    # version the workers of this host share. Several hosts need REDIS_URL.
    PAGE_CACHE_VERSION_FILE = "content-version"
    # With REDIS_URL: the prefix of the page cache's keys (pages and the content
    # version), apart from the rate limits' (RATELIMIT_KEY_PREFIX).
    PAGE_CACHE_KEY_PREFIX = "blogapp:pages:"
    # How long an HTTP cache in front (nginx, a CDN) may keep a page readers
    # share (s-maxage), and serve it stale while it fetches a new one. Browsers
    # always ask again (max-age=0), answered with 304 while the page is unchanged.
    SHARED_CACHE_SECONDS = 1
    SHARED_CACHE_STALE_SECONDS = 30

    # Rate-limit counters; an explicit value here wins over REDIS_URL.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Set on every app: Flask-Limiter would otherwise inherit the last app's value.
    RATELIMIT_ENABLED = True
    # If Redis goes away, keep counting per process rather than failing requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
