"""The media library's forms: an upload needs a file and its alt text; alt text can be changed."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..text.plaintext import single_line

ALT_HELP = ("What the picture shows, for readers who cannot see it (screen readers, "
            "images that fail to load). Required.")


def _alt_field() -> StringField:
    return StringField(
        "Alt text", validators=[DataRequired("Please describe the image: readers who cannot see it read this."),
                                Length(max=300), single_line],
        description=ALT_HELP,
    )


class UploadForm(FlaskForm):
    image = FileField("Image (JPEG, PNG, WebP or GIF)", validators=[FileRequired("Please choose an image file.")])
    alt_text = _alt_field()


class AltTextForm(FlaskForm):
    alt_text = _alt_field()
