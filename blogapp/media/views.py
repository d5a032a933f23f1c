"""``/media/<name>``: the stored image files, served like static files and kept a year."""

from __future__ import annotations

import re

from flask import Blueprint, abort

from .storage import media_storage

bp = Blueprint("media", __name__)

# What the library names files (MediaImage.file_name): nothing else is looked up.
FILE_NAME = re.compile(r"^[0-9a-f]{24}-[0-9]{1,5}\.(?:jpg|png|webp)$")


@bp.get("/media/<name>")
def file(name: str):
    """One stored file; its name changes with its content, so it never needs revalidating."""
    if not FILE_NAME.match(name):
        abort(404)
    return media_storage().response(name)
