"""Where image files are kept: an interface, and the filesystem that implements it today.

Every name carries a digest of its content, so a file is written once and
never changed: a name that exists already holds those bytes. An object store
can come later as another ``MediaStorage``; pages would not change, because
they only ever name files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol

from flask import Flask, Response, current_app, send_from_directory

ONE_YEAR = 365 * 24 * 3600


class MediaStorage(Protocol):
    """What the media library needs of a place to keep files."""

    def save(self, name: str, data: bytes) -> None:
        """Keep ``data`` under ``name`` (written whole or not at all)."""

    def delete(self, name: str) -> None:
        """Forget ``name``; one that is already gone is no error."""

    def exists(self, name: str) -> bool: ...

    def response(self, name: str) -> Response:
        """The file as an HTTP response, kept by browsers and caches for a year.

        :raise NotFound: when there is no such file.
        """


class FileSystemStorage:
    """Files in one folder (MEDIA_DIR, by default the instance folder's media/)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def save(self, name: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written beside the file and renamed over it: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, self.folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def delete(self, name: str) -> None:
        (self.folder / name).unlink(missing_ok=True)

    def exists(self, name: str) -> bool:
        return (self.folder / name).is_file()

    def response(self, name: str) -> Response:
        response = send_from_directory(self.folder, name, max_age=ONE_YEAR)
        response.cache_control.public = True
        response.cache_control.immutable = True
        return response


def media_folder(app: Flask) -> Path:
    """MEDIA_DIR, relative to the instance folder unless absolute; empty: instance/media."""
    return Path(app.instance_path) / (app.config.get("MEDIA_DIR") or "media")


def media_storage() -> MediaStorage:
    """The app's storage, made on first use from MEDIA_DIR."""
    storage = current_app.extensions.get("blogapp.media")
    if storage is None:
        storage = current_app.extensions["blogapp.media"] = FileSystemStorage(media_folder(current_app))
    return storage
