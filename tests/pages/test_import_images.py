"""Imports and images: --media-dir brings them into the library; without it they are removed and counted."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Article, MediaImage

from helpers.images import image_bytes

EXPORT = Path(__file__).parent.parent / "data" / "wordpress-export.xml"
BODY = """
    ---
    title: "Pictures from the trip"
    slug: pictures-from-the-trip
    category: Travel
    date: 2026-10-02
    status: published
    ---
    The harbour:

    ![The harbour at dawn](https://old.example.org/wp-content/uploads/2020/01/harbour-300x200.jpg)

    <p><img src="/images/map.png" alt="Our route"></p>
    """


@pytest.fixture
def app_config(request, tmp_path):
    return {"MEDIA_DIR": str(tmp_path / "library"), **getattr(request, "param", {})}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def old_uploads(folder: Path) -> Path:
    """A copy of the old site's uploads, as an editor would hand it over."""
    (folder / "2020" / "01").mkdir(parents=True)
    (folder / "2020" / "01" / "harbour.jpg").write_bytes(image_bytes("JPEG", (1200, 800), gps=True))
    (folder / "map.png").write_bytes(image_bytes("PNG", (500, 400)))
    (folder / "border.jpg").write_bytes(image_bytes("JPEG", (800, 600)))
    (folder / "x.png").write_bytes(image_bytes("PNG", (100, 100)))
    return folder


def article_file(tmp_path: Path, body: str = BODY) -> Path:
    path = tmp_path / "trip.md"
    path.write_text(dedent(body).lstrip(), encoding="utf-8")
    return path


def test_markdown_import_brings_found_images_into_the_library(app, runner, tmp_path, client):
    result = runner.invoke(args=["articles", "import", str(article_file(tmp_path)),
                                 "--media-dir", str(old_uploads(tmp_path / "uploads"))])
    assert result.exit_code == 0, result.output
    assert "Brought 2 image(s) into the media library." in result.output
    article = db.session.scalar(select(Article))
    images = {image.alt_text: image for image in db.session.scalars(select(MediaImage))}
    assert set(images) == {"The harbour at dawn", "Our route"}
    assert f"![The harbour at dawn](media:{images['The harbour at dawn'].id})" in article.body_markdown
    assert f'<img src="media:{images["Our route"].id}" alt="Our route">' in article.body_markdown
    page = client.get("/articles/pictures-from-the-trip/").get_data(as_text=True)
    assert "old.example.org" not in page and "/images/map.png" not in page
    assert f'/media/{images["Our route"].digest[:24]}-500.png' in page
    assert {image.id for image in article.images} == {image.id for image in images.values()}


def test_a_missing_image_is_reported_by_file_and_line_and_nothing_is_written(app, runner, tmp_path):
    uploads = old_uploads(tmp_path / "uploads")
    (uploads / "map.png").unlink()
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Fine\ncategory: Travel\n---\nNo pictures.\n", encoding="utf-8")
    trip = article_file(tmp_path)
    result = runner.invoke(args=["articles", "import", str(good), str(trip), "--media-dir", str(uploads)])
    assert result.exit_code != 0
    assert f"{trip}:12: the image /images/map.png is not in {uploads}" in result.output
    assert "nothing was imported" in result.output
    assert count(Article) == 0 and count(MediaImage) == 0
    assert not (tmp_path / "library").exists()


def test_a_file_that_is_no_image_is_reported(app, runner, tmp_path):
    uploads = old_uploads(tmp_path / "uploads")
    (uploads / "map.png").write_bytes(b"<html>not found</html>")
    result = runner.invoke(args=["articles", "import", str(article_file(tmp_path)), "--media-dir", str(uploads)])
    assert result.exit_code != 0
    assert ":12: the image /images/map.png" in result.output and "not an image" in result.output
    assert count(Article) == 0 and count(MediaImage) == 0


def test_without_media_dir_images_are_removed_and_counted(app, runner, tmp_path):
    trip = article_file(tmp_path)
    result = runner.invoke(args=["articles", "import", str(trip)])
    assert result.exit_code == 0, result.output
    assert f"{trip}:10: removed the image https://old.example.org/wp-content/uploads/2020/01/harbour-300x200.jpg" \
        in result.output
    assert f"{trip}:12: removed the image /images/map.png" in result.output
    assert "Removed 2 image(s) from other sites." in result.output
    article = db.session.scalar(select(Article))
    assert "old.example.org" not in article.body_markdown and "<img" not in article.body_markdown
    assert "The harbour:" in article.body_markdown and count(MediaImage) == 0


def test_wordpress_import_with_media_dir(app, runner, tmp_path, client):
    uploads = old_uploads(tmp_path / "uploads")
    result = runner.invoke(args=["import-wordpress", str(EXPORT), "--media-dir", str(uploads)])
    assert result.exit_code == 0, result.output
    assert "Brought 2 image(s) into the media library." in result.output
    border = db.session.scalar(select(Article).where(Article.title.like("Crossing%")))
    alts = {image.alt_text for image in border.images}
    assert alts == {"A border post at dusk", "x"}
    assert 'alt="A border post at dusk"' in border.body_html and 'srcset="/media/' in border.body_html
    assert "old.example.org/wp-content" not in border.body_html


def test_wordpress_import_reports_a_missing_image_and_writes_nothing(app, runner, tmp_path):
    uploads = old_uploads(tmp_path / "uploads")
    (uploads / "border.jpg").unlink()
    result = runner.invoke(args=["import-wordpress", str(EXPORT), "--media-dir", str(uploads)])
    assert result.exit_code != 0
    assert "wordpress-export.xml: “Crossing the Border With a Laptop”, line 5 of its content: the image " \
           "https://old.example.org/wp-content/uploads/border.jpg is not in" in result.output
    assert count(Article) == 0 and count(MediaImage) == 0


def test_wordpress_import_without_media_dir_removes_and_counts(app, runner):
    result = runner.invoke(args=["import-wordpress", str(EXPORT)])
    assert result.exit_code == 0, result.output
    assert "line 5 of its content: removed the image https://old.example.org/wp-content/uploads/border.jpg" in result.output
    assert "Removed 2 image(s) from other sites." in result.output
    border = db.session.scalar(select(Article).where(Article.title.like("Crossing%")))
    assert "<img" not in border.body_markdown and "<figcaption>The crossing</figcaption>" in border.body_html
