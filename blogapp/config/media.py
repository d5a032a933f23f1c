"""Defaults for uploaded images: where they are kept, how large they may be, the widths stored."""

from __future__ import annotations


class MediaDefaults:
    """Uploaded images (the desk's media library, and imports with --media-dir)."""

    # Where the image files are written; empty means the instance folder's
    # media/ (absolute, or relative to the instance folder). Every file name
    # carries a digest of its content, so /media/<name> is cached a year.
    MEDIA_DIR = ""
    # An upload larger than this gets its own 413 page; nginx's
    # client_max_body_size for /desk/media/ must be at least this.
    MEDIA_MAX_BYTES = 10 * 1024 * 1024
    # Decoded pixels (width x height) an image may have. Pillow holds about
    # 3 bytes a pixel while it works: 50 million is 150 MB, a 50-megapixel
    # camera's photo. A small file that claims more (a decompression bomb) is
    # refused from its header, before it is decoded.
    MEDIA_MAX_PIXELS = 50_000_000
    # The widths stored of each image, none wider than the original; pages
    # offer them in srcset and the browser picks one for the reader's screen.
    MEDIA_WIDTHS = [480, 960, 1600]
    # JPEG and WebP quality of the stored files (1-95).
    MEDIA_QUALITY = 82
