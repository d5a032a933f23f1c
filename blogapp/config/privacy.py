"""Defaults for what the blog keeps about commenters, and for how long."""

from __future__ import annotations


class PrivacyDefaults:
    """Commenters' data: erasure on request, and what ``flask purge`` removes."""

    # `flask commenters erase EMAIL`: "anonymise" keeps the text under the name
    # "a former reader"; "delete" removes the comments (their replies stay).
    ERASE_MODE = "anonymise"
    # `flask purge` empties client hashes older than this, and the email
    # addresses of comments this old that are no longer pending.
    CLIENT_HASH_RETENTION_DAYS = 30
