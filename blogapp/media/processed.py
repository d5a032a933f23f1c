"""What an upload becomes and the rules it is held to, without Pillow.

Kept apart from processing.py so that a worker which only serves pages (and the
desk's views, until an upload arrives) never loads Pillow: it is imported by
the first upload or import that needs it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


class NotAnImage(ValueError):
    """An upload that cannot be stored, with the reason in the editor's words."""


@dataclass(frozen=True)
class Rules:
    max_pixels: int
    widths: tuple[int, ...]
    quality: int

    @classmethod
    def from_config(cls, config) -> Rules:
        return cls(int(config["MEDIA_MAX_PIXELS"]), tuple(sorted(set(config["MEDIA_WIDTHS"]))),
                   int(config["MEDIA_QUALITY"]))


@dataclass(frozen=True)
class Processed:
    """The files of one image, largest first: (width, bytes) each."""

    format: str
    width: int
    height: int
    files: tuple[tuple[int, bytes], ...]

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.files[0][1]).hexdigest()

    @property
    def byte_size(self) -> int:
        return sum(len(data) for _, data in self.files)
