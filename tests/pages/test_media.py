"""The media library: uploads checked by decoding, stripped of metadata, stored in widths, served by the blog."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import MediaImage, Role

from helpers.forms import csrf_token_from
from helpers.images import GPS_TAG, animated_gif, image_bytes, png_claiming
from helpers.publishing import sign_in


@pytest.fixture
def app_config(request, tmp_path):
    """Each test's own media folder, and what a test's parameter adds."""
    return {"MEDIA_DIR": str(tmp_path / "media"), **getattr(request, "param", {})}


@pytest.fixture
def editor(client, make, post_form):
    sign_in(make, post_form, Role.EDITOR)
    return client


def upload(client, data: bytes, alt: str = "A gradient, dark to light", filename: str = "photo.jpg"):
    token = csrf_token_from(client.get("/desk/media/").get_data(as_text=True))
    return client.post("/desk/media/upload", content_type="multipart/form-data",
                       data={"csrf_token": token, "alt_text": alt, "image": (io.BytesIO(data), filename)})


def stored_files(app) -> list[str]:
    folder = app.config["MEDIA_DIR"]
    import os
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def image_count() -> int:
    return db.session.scalar(select(func.count(MediaImage.id)))


@pytest.mark.parametrize("kind, stored", [("JPEG", "jpeg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "png")])
def test_each_format_is_stored_in_widths_no_wider_than_the_original(app, editor, kind, stored):
    response = upload(editor, image_bytes(kind, (1200, 800)))
    assert response.status_code == 303
    image = db.session.scalar(select(MediaImage))
    assert (image.format, image.width, image.height, image.width_list) == (stored, 1200, 800, [480, 960, 1200])
    for width in image.width_list:
        served = editor.get(f"/media/{image.file_name(width)}")
        assert served.status_code == 200
        with Image.open(io.BytesIO(served.data)) as copy:
            assert copy.format == {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}[stored]
            assert copy.size == (width, round(800 * width / 1200))


def test_a_large_photo_is_stored_at_most_1600_wide(app, editor):
    upload(editor, image_bytes("JPEG", (4000, 3000)))
    image = db.session.scalar(select(MediaImage))
    assert (image.width, image.height, image.width_list) == (1600, 1200, [480, 960, 1600])


def test_gps_position_camera_and_comments_are_removed(app, editor):
    original = image_bytes("JPEG", (1000, 700), gps=True, comment=b"taken at home")
    with Image.open(io.BytesIO(original)) as before:
        assert GPS_TAG in before.getexif() and before.info.get("comment")
    assert upload(editor, original).status_code == 303
    image = db.session.scalar(select(MediaImage))
    for name in image.file_names():
        data = editor.get(f"/media/{name}").data
        with Image.open(io.BytesIO(data)) as after:
            assert dict(after.getexif()) == {}
            assert not {"exif", "comment", "icc_profile", "xmp"} & set(after.info)
        assert b"SERIAL-12345" not in data and b"Camera Maker" not in data and b"taken at home" not in data


def test_orientation_is_applied_before_the_tag_is_dropped(app, editor):
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show it rotated 90 degrees
    upload(editor, image_bytes("JPEG", (1000, 600), exif=exif.tobytes()))
    image = db.session.scalar(select(MediaImage))
    assert (image.width, image.height) == (600, 1000)


def test_an_animated_gif_keeps_its_first_frame(app, editor):
    assert upload(editor, animated_gif(), filename="a.gif").status_code == 303
    image = db.session.scalar(select(MediaImage))
    with Image.open(io.BytesIO(editor.get(f"/media/{image.file_name(300)}").data)) as still:
        assert getattr(still, "n_frames", 1) == 1
        assert still.convert("RGB").getpixel((10, 10)) == (255, 0, 0)


@pytest.mark.parametrize("name, data, says", [
    ("not an image", b"%PDF-1.4 this is a document, named photo.jpg", "not an image"),
    ("truncated", image_bytes("JPEG", (800, 600))[:3000], "damaged or incomplete"),
    ("bomb", png_claiming(40_000, 40_000), "decompression bomb"),
    ("bmp", image_bytes("BMP", (100, 100)), "only JPEG, PNG, WebP and GIF"),
])
def test_bad_files_get_a_clear_400_and_nothing_is_stored(app, editor, name, data, says):
    response = upload(editor, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert says in page and "Nothing was stored" in page
    assert image_count() == 0 and stored_files(app) == []


@pytest.mark.parametrize("app_config", [{"MEDIA_MAX_PIXELS": 1_000_000}], indirect=True)
def test_an_image_over_the_pixel_limit_is_refused(app, editor):
    response = upload(editor, image_bytes("PNG", (1200, 1000)))
    assert response.status_code == 400
    assert "1,200,000" in response.get_data(as_text=True) and "at most 1,000,000 pixels" in response.get_data(as_text=True)
    assert image_count() == 0


@pytest.mark.parametrize("app_config", [{"MEDIA_MAX_BYTES": 200 * 1024}], indirect=True)
def test_a_file_over_media_max_bytes_gets_its_own_413(app, editor):
    big = image_bytes("PNG", (1500, 1500)) + b"\x00" * (300 * 1024)
    response = upload(editor, big)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "larger than the 0.195312 MiB an image may be (MEDIA_MAX_BYTES)" in page
    assert "nothing was saved" in page
    assert image_count() == 0


def test_uploads_above_the_form_limit_but_within_media_max_bytes_are_accepted(app, editor):
    data = image_bytes("PNG", (400, 400), noise=True)
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    assert upload(editor, data).status_code == 303


def test_other_forms_still_stop_at_max_content_length(app, editor, make):
    token = csrf_token_from(editor.get("/desk/categories/new").get_data(as_text=True))
    response = editor.post("/desk/categories/new", data={"csrf_token": token, "name": "x" * 100_000})
    assert response.status_code == 413
    assert "KiB" in response.get_data(as_text=True)


def test_alt_text_is_required(app, editor):
    response = upload(editor, image_bytes("JPEG", (600, 400)), alt="  ")
    assert response.status_code == 400
    assert "Please describe the image" in response.get_data(as_text=True)
    assert image_count() == 0


def test_alt_text_can_be_changed(app, editor):
    upload(editor, image_bytes("JPEG", (600, 400)))
    image = db.session.scalar(select(MediaImage))
    page = f"/desk/media/{image.id}/"
    token = csrf_token_from(editor.get(page).get_data(as_text=True))
    response = editor.post(f"/desk/media/{image.id}/alt", data={"csrf_token": token, "alt_text": "A grey ramp"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(MediaImage, image.id).alt_text == "A grey ramp"


def test_the_same_picture_twice_is_one_image(app, editor):
    data = image_bytes("JPEG", (600, 400))
    upload(editor, data)
    response = upload(editor, data)
    assert response.status_code == 303
    assert image_count() == 1


def test_files_are_served_with_a_long_immutable_cache(app, editor):
    upload(editor, image_bytes("JPEG", (600, 400)))
    image = db.session.scalar(select(MediaImage))
    response = editor.get(f"/media/{image.file_name(600)}")
    assert response.headers["Content-Type"] == "image/jpeg"
    cache = response.headers["Cache-Control"]
    assert "immutable" in cache and "max-age=31536000" in cache and "public" in cache
    name = image.file_name(600)
    assert re.fullmatch(r"[0-9a-f]{24}-600\.jpg", name) and image.digest.startswith(name[:24])
    assert editor.get("/media/" + "0" * 24 + "-600.jpg").status_code == 404
    assert editor.get("/media/..%2Fblogapp.sqlite3").status_code == 404


def test_only_editors_upload(app, client, make, post_form):
    assert client.get("/desk/media/").status_code == 302
    sign_in(make, post_form, Role.MODERATOR)
    assert client.get("/desk/media/").status_code == 403
