"""The route tables' site with an uploaded image, for the media routes' addresses."""

from __future__ import annotations

from dataclasses import replace

from blogapp.extensions import db
from blogapp.media.library import add_image

from helpers.images import image_bytes

from .site import Site


def with_image(site: Site) -> Site:
    """``site`` with one image in the library (stored through the real upload path), used by no article."""
    added = add_image(image_bytes("PNG", (64, 48)), "A small grey ramp", None)
    db.session.commit()
    return replace(site, image_id=added.image.id, image_file=added.image.file_name(64))
