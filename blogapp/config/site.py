"""Defaults for what readers see: the site's name, listings, feeds, search."""

from __future__ import annotations


class SiteDefaults:
    """What readers see: the site's name, listings, feeds and search."""

    SITE_NAME = "blogapp"
    # The meta description of pages that have none of their own.
    SITE_DESCRIPTION = "A blog with moderated reader comments."
    ARTICLES_PER_PAGE = 10
    # Articles per page at the editor's desk.
    DESK_ARTICLES_PER_PAGE = 25
    # Entries in each Atom feed, newest first.
    FEED_ENTRIES = 20
    # Addresses in one sitemap file. Past this many, /sitemap.xml is an index of
    # files (/sitemap-1.xml, ...) of at most this many each. 50,000 is the
    # protocol's limit (sitemaps.org) and the most check-config accepts.
    SITEMAP_MAX_URLS = 50_000
    # Longer search queries are cut to this many characters.
    SEARCH_QUERY_MAX_LENGTH = 200
    # PostgreSQL text search configuration (stemming and stop words). After
    # changing it, run `flask search rebuild`. SQLite always uses Porter (English).
    SEARCH_LANGUAGE = "english"
