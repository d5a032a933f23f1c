"""The comment form: validates what a reader sends, field by field."""

from __future__ import annotations

from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError


class CommentForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Please give a name."), Length(max=80)])
    email = EmailField(
        "Email (never shown)",
        validators=[Length(max=254)],
        description="Only the moderators see it.",
    )
    website = URLField("Website (optional)", validators=[Optional(), Length(max=300)])
    body = TextAreaField("Comment", validators=[DataRequired("Please write a comment.")])
    # Hidden from people by CSS; bots that fill every field give themselves away.
    homepage = StringField("Leave this field empty", validators=[Optional()])

    def validate_email(self, field) -> None:
        address = (field.data or "").strip()
        if not address:
            if current_app.config["COMMENT_EMAIL_REQUIRED"]:
                raise ValidationError("Please give an email address; it is never shown.")
            return
        try:
            field.data = validate_email(address, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise ValidationError(f"That email address is not valid: {error}") from None

    def validate_website(self, field) -> None:
        parts = urlsplit(field.data.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError("A website must be an http:// or https:// address.")

    def validate_body(self, field) -> None:
        limit = current_app.config["COMMENT_MAX_LENGTH"]
        if len(field.data) > limit:
            raise ValidationError(
                f"Comments can be at most {limit:,} characters; this one has {len(field.data):,}."
            )
