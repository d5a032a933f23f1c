"""Test images made with Pillow in the test: every format, EXIF with a GPS position, bombs."""

from __future__ import annotations

import io
import os
import zlib
import struct

from PIL import Image

GPS_TAG = 0x8825  # the EXIF GPS IFD pointer


def image_bytes(kind: str = "JPEG", size: tuple[int, int] = (2000, 1200), gps: bool = False, noise: bool = False,
                **save) -> bytes:
    """A picture in ``kind``: a gradient, or random pixels (``noise``) that hardly compress."""
    mode = "RGBA" if kind in ("PNG", "WEBP") and save.pop("alpha", False) else "RGB"
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).convert(mode)
    else:
        image = Image.linear_gradient("L").resize(size).convert(mode)
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "Camera Maker"  # Make
        exif[0xA431] = "SERIAL-12345"  # BodySerialNumber (in the EXIF IFD, but written at top level is fine for a test)
        exif.get_ifd(GPS_TAG).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)})
        save["exif"] = exif.tobytes()
    out = io.BytesIO()
    image.save(out, kind, **save)
    return out.getvalue()


def animated_gif(frames: int = 3, size: tuple[int, int] = (300, 200)) -> bytes:
    images = [Image.new("RGB", size, color) for color in ((255, 0, 0), (0, 255, 0), (0, 0, 255))[:frames]]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height``: a decompression bomb's opening."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    # One row of zeros compressed: far less than the image needs, however large.
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1))) + chunk(b"IEND", b"")


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif()), image.info
