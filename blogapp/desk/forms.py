"""The article form: what an editor may send, field by field."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..media.library import image_problems
from ..storage.models import utcnow
from ..text.markdown import BodyLimits, BodyTooLarge, check_body_size
from ..text.plaintext import single_line

# What the editor chooses; "scheduled" is stored as published with a later date.
STATUS_CHOICES = [SelectChoice("draft", "Draft"), SelectChoice("published", "Published"), SelectChoice("scheduled", "Scheduled")]


class ArticleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Please give a title."), Length(max=200), single_line])
    slug = StringField(
        "Slug",
        validators=[Optional(), Length(max=200), single_line],
        description="The article's address. Leave it empty to make it from the title.",
    )
    category = SelectField("Category", coerce=int, validate_choice=True)
    summary = TextAreaField(
        "Summary", validators=[Length(max=1000)], description="One or two sentences for listings and search engines."
    )
    body = TextAreaField(
        "Body (Markdown)",
        description="Headings start at ## (the title is the page's only top heading). HTML is allowed; "
        "scripts, event handlers and javascript: links are removed. Images come from the media library: "
        "upload one, then insert it as ![what it shows](media:ID).",
    )
    status = SelectField("Status", choices=STATUS_CHOICES)
    publish_at = DateTimeLocalField(
        "Publish at (UTC)",
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional()],
        description="Empty means now. A scheduled article needs a time in the future.",
    )
    comments_open = BooleanField("Readers may comment")
    # The version the editor started from; a newer one means someone else saved.
    version = HiddenField()

    def validate_publish_at(self, field) -> None:
        if self.status.data == "scheduled" and (field.data is None or field.data <= utcnow()):
            raise ValidationError("A scheduled article needs a publish time in the future (UTC).")
        if self.status.data == "published" and field.data is not None and field.data > utcnow():
            raise ValidationError("That time is in the future: choose “Scheduled” to publish it then.")

    def validate_body(self, field) -> None:
        # Before the preview or the save renders it: the cost is in rendering.
        try:
            check_body_size(field.data or "", BodyLimits.from_config(current_app.config))
        except BodyTooLarge as problem:
            sentence = problem.message[:1].upper() + problem.message[1:]
            raise ValidationError(f"{sentence} (the limit is passed at line {problem.line:,}).") from None
        # Only images the blog serves itself: another host would see every reader.
        problems = image_problems(field.data or "")
        if problems:
            raise ValidationError(" ".join(problems))

    def validate_version(self, field) -> None:
        if field.data and not field.data.isdigit():
            raise ValidationError("The form was damaged; please reload the page.")

    @property
    def started_from(self) -> int | None:
        """The article version this form was loaded with, if any."""
        return int(self.version.data) if self.version.data else None
