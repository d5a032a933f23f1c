"""Uploaded images (the media library) and which articles show them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from ...text.images import Picture, referenced_media
from .columns import NEVER_REUSE_IDS, utcnow
from .users import User

# Where /media/<name> is served (blogapp/media/views.py); bodies are rendered with it.
MEDIA_URL = "/media/"

# Kept by the article's body (see Article._render_body): an image an article
# shows cannot be deleted while the article shows it.
article_images = Table(
    "article_images",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("image_id", ForeignKey("media_images.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class MediaImage(db.Model):
    """One uploaded image, stored re-encoded (no metadata) in a few widths."""

    __tablename__ = "media_images"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the largest stored file: the same picture uploaded twice is one image.
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    alt_text: Mapped[str] = mapped_column(String(300))
    # The largest stored width's size; smaller widths keep the same proportions.
    width: Mapped[int]
    height: Mapped[int]
    # The stored format: jpeg, png or webp (a GIF is stored as PNG, its first frame).
    format: Mapped[str] = mapped_column(String(8))
    # The stored widths, e.g. "480 960 1600", and all their files' bytes together.
    widths: Mapped[str] = mapped_column(String(100))
    byte_size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()

    @property
    def width_list(self) -> list[int]:
        return [int(w) for w in self.widths.split()]

    def file_name(self, width: int) -> str:
        """The stored file of one width: its name changes whenever its content does."""
        extension = "jpg" if self.format == "jpeg" else self.format
        return f"{self.digest[:24]}-{width}.{extension}"

    def file_names(self) -> list[str]:
        return [self.file_name(width) for width in self.width_list]

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))

    def __repr__(self) -> str:
        return f"<MediaImage {self.id} {self.digest[:12]}>"

    def picture(self) -> Picture:
        """What an article's ``<img>`` of this image carries: the width nearest 960 as src, all in srcset."""
        widths = self.width_list
        src_width = max([w for w in widths if w <= 960] or [min(widths)])
        return Picture(
            src=MEDIA_URL + self.file_name(src_width),
            srcset=", ".join(f"{MEDIA_URL}{self.file_name(w)} {w}w" for w in sorted(widths)),
            width=self.width,
            height=self.height,
            alt=self.alt_text,
        )


def images_shown_in(markdown_text: str) -> list[MediaImage]:
    """The uploaded images a body names, by ``media:ID`` or by a stored file's address."""
    ids, digests = referenced_media(markdown_text)
    if not ids and not digests:
        return []
    with db.session.no_autoflush:
        return list(db.session.scalars(
            select(MediaImage).where(or_(MediaImage.id.in_(ids), func.substr(MediaImage.digest, 1, 24).in_(digests)))
            .order_by(MediaImage.id)
        ))
