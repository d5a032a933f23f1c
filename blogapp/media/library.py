"""The media library's actions: add an image, describe it, delete it, and who shows it.

Files are written before the row is committed and removed after the row is
deleted: a row never names a file that is missing. A failed commit leaves
files no row names, which nothing serves links to.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..storage.models import Article, MediaImage, User, article_images, images_shown_in
from ..text.images import MEDIA_REFERENCE, is_local_image
from ..text.markdown import body_image_sources
from .processed import Processed, Rules
from .storage import media_storage


@dataclass(frozen=True)
class Added:
    image: MediaImage
    # False when the same picture was in the library already.
    new: bool


def store_files(processed: Processed, image: MediaImage) -> None:
    storage = media_storage()
    for width, data in processed.files:
        name = image.file_name(width)
        if not storage.exists(name):
            storage.save(name, data)


def add_processed(processed: Processed, alt_text: str, uploaded_by: User | None) -> Added:
    """Keep a processed image (files now, the row with the caller's commit)."""
    existing = db.session.scalar(select(MediaImage).filter_by(digest=processed.digest))
    if existing is not None:
        return Added(existing, False)
    image = MediaImage(
        digest=processed.digest, alt_text=alt_text.strip(), width=processed.width, height=processed.height,
        format=processed.format, widths=" ".join(str(w) for w, _ in sorted(processed.files)),
        byte_size=processed.byte_size, uploaded_by=uploaded_by,
    )
    store_files(processed, image)
    db.session.add(image)
    return Added(image, True)


def add_image(data: bytes, alt_text: str, uploaded_by: User | None) -> Added:
    """Check, re-encode and keep an uploaded file.

    :raise NotAnImage: saying why the file was refused; nothing is stored then.
    """
    from .processing import process_image  # Pillow loads with the first upload, not in every worker

    return add_processed(process_image(data, Rules.from_config(current_app.config)), alt_text, uploaded_by)


def articles_showing(image_ids: list[int]) -> dict[int, list[Article]]:
    """For each image, the articles whose bodies show it, by title."""
    shown: dict[int, list[Article]] = {image_id: [] for image_id in image_ids}
    rows = db.session.execute(
        select(article_images.c.image_id, Article)
        .join(Article, Article.id == article_images.c.article_id)
        .where(article_images.c.image_id.in_(image_ids))
        .order_by(Article.title)
    )
    for image_id, article in rows:
        shown[image_id].append(article)
    return shown


def describe(image: MediaImage, alt_text: str) -> int:
    """Change an image's alt text; articles that rely on it are rendered again. Returns how many."""
    image.alt_text = alt_text.strip()
    articles = articles_showing([image.id])[image.id]
    for article in articles:
        # Assigning the body renders it again, with the new description.
        article.body_markdown = article.body_markdown
    return len(articles)


def delete_image(image: MediaImage) -> list[Article]:
    """Delete an unused image, row and files; an image in use is kept, and its articles returned."""
    articles = articles_showing([image.id])[image.id]
    if articles:
        return articles
    names = image.file_names()
    db.session.delete(image)
    db.session.commit()
    storage = media_storage()
    for name in names:
        storage.delete(name)
    return []


def library_size() -> tuple[int, int]:
    """How many images, and their files' bytes together."""
    count, size = db.session.execute(select(func.count(MediaImage.id), func.coalesce(func.sum(MediaImage.byte_size), 0))).one()
    return count, size


def image_problems(markdown_text: str) -> list[str]:
    """What keeps a body's images from being saved: another site's images, unknown media:IDs."""
    problems, known = [], None
    for line, source in body_image_sources(markdown_text):
        reference = MEDIA_REFERENCE.match(source.strip())
        if reference:
            known = known if known is not None else {image.id for image in images_shown_in(markdown_text)}
            if int(reference.group(1)) not in known:
                problems.append(f"Line {line}: there is no image {source} in the media library.")
        elif not is_local_image(source):
            problems.append(
                f"Line {line}: the image {source} is on another site, and every reader's browser would ask "
                "that site for it. Upload it under Media and insert it as ![what it shows](media:ID).")
    return problems
