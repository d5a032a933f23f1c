"""``flask check-config``'s look at uploaded images: the limits, the widths, and a folder it can write."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from ..media.storage import media_folder
from .checks import Finding

# Setting -> (least, most) whole number it may be.
RANGES = {
    "MEDIA_MAX_BYTES": (1024, 100 * 1024 * 1024),
    "MEDIA_MAX_PIXELS": (10_000, 178_956_970),  # above it, Pillow calls any image a decompression bomb
    "MEDIA_QUALITY": (1, 95),
}


def _problem(app: Flask) -> str | None:
    for name, (least, most) in RANGES.items():
        value = app.config[name]
        if type(value) is not int or not least <= value <= most:
            return f"{name} is {value!r}, not a whole number from {least:,} to {most:,}"
    widths = app.config["MEDIA_WIDTHS"]
    if not isinstance(widths, list) or not widths or not all(type(w) is int and 16 <= w <= 8000 for w in widths):
        return f"MEDIA_WIDTHS is {widths!r}, not a list of widths from 16 to 8000 pixels"
    return None


def _writable(folder: Path) -> bool:
    """The folder, or the nearest one above it that exists (uploads create the rest), takes new files."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def check_media(app: Flask) -> Finding:
    problem = _problem(app)
    if problem:
        return Finding("media", False, problem, "see blogapp/config/media.py for what each setting means")
    folder = media_folder(app)
    if not _writable(folder):
        return Finding("media", False, f"{folder} cannot be written, so uploads would fail",
                       "set BLOGAPP_MEDIA_DIR to a folder the blog's user may write, or fix its permissions")
    limit = app.config["MEDIA_MAX_BYTES"] / 1024 / 1024
    return Finding("media", True, f"images up to {limit:g} MiB are kept in {folder}, "
                                  f"{len(app.config['MEDIA_WIDTHS'])} widths each")
