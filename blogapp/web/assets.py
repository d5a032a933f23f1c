"""Static files under names that carry a digest of their content.

``url_for('static', filename='style.css')`` gives ``/static/style.<digest>.css``.
That name always means the same bytes, so browsers may keep it for a year
without asking again; a new release changes the digest and so the address.
The plain name still works, revalidated on every use (ETag).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, current_app, send_from_directory

DIGEST_LENGTH = 12
HASHED_NAME = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})(?P<suffix>\.\w+)$")
ONE_YEAR = 365 * 24 * 3600


def content_digests(folder: str) -> dict[str, str]:
    """Each file's path below ``folder`` (with /) and the digest of its bytes."""
    root = Path(folder)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_LENGTH]
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def hashed_name(filename: str, digest: str) -> str:
    stem, dot, suffix = filename.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{filename}.{digest}"


def serve_static(filename: str):
    """A file by its hashed name (kept a year) or its plain name (revalidated)."""
    digests = current_app.extensions["blogapp.assets"]
    match = HASHED_NAME.match(filename)
    original = match["stem"] + match["suffix"] if match else None
    if original in digests and digests[original] == match["digest"]:
        response = send_from_directory(current_app.static_folder, original, max_age=ONE_YEAR)
        response.cache_control.public = True
        response.cache_control.immutable = True
        return response
    if original in digests:
        # Another release's name, e.g. from a page cached before an upgrade:
        # today's file, but not kept under a name that promised other bytes.
        filename = original
    response = send_from_directory(current_app.static_folder, filename, max_age=None)
    response.cache_control.no_cache = True
    return response


def install(app: Flask) -> None:
    digests = content_digests(app.static_folder)
    app.extensions["blogapp.assets"] = digests

    @app.url_defaults
    def add_digest(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in digests:
            values["filename"] = hashed_name(values["filename"], digests[values["filename"]])

    app.view_functions["static"] = serve_static
