"""The comment form: validates what a reader sends, field by field."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from sqlalchemy import Row
from wtforms import BooleanField, EmailField, HiddenField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..pagecache.tags import varies_with
from ..storage.models import CommentStatus
from ..text.addresses import is_web_address
from ..text.plaintext import single_line
from ..text.sanitize import strip_control_characters
from ..web.render_time import seconds_since_render, sign_render_time


def without_control_characters(value: str | None) -> str | None:
    # Before validation, so a name or comment of control characters alone is empty.
    return strip_control_characters(value) if value else value


def within_comment_length(_form, field) -> None:
    """A comment's text is at most COMMENT_MAX_LENGTH characters."""
    limit = current_app.config["COMMENT_MAX_LENGTH"]
    if len(field.data) > limit:
        raise ValidationError(f"Comments can be at most {limit:,} characters; this one has {len(field.data):,}.")


class CommentForm(FlaskForm):
    """Shown on pages every reader shares, so it holds nothing of one reader's.

    No CSRF field of its own: blogapp/web/forgery.py refuses a cross-site
    post by the browser's Origin and Sec-Fetch-Site headers, and asks a
    signed-in author for their session's token (the template adds it).
    """

    class Meta:
        csrf = False

    name = StringField(
        "Name",
        filters=[without_control_characters],
        validators=[DataRequired("Please give a name."), Length(max=80), single_line],
    )
    email = EmailField(
        "Email (never shown)",
        validators=[Length(max=254)],
        description="Only the moderators see it.",
    )
    website = URLField("Website (optional)", validators=[Optional(), Length(max=300)])
    body = TextAreaField(
        "Comment", filters=[without_control_characters], validators=[DataRequired("Please write a comment.")]
    )
    # Opt-in mail about this comment (commenters/subscriptions.py); unticked unless the reader ticks it.
    notify = BooleanField("Email me when it is published and when someone replies")
    # Hidden from people by CSS; bots that fill every field give themselves away.
    homepage = StringField("Leave this field empty", validators=[Optional()])
    # When the page was rendered, signed (see web/render_time.py).
    rendered = HiddenField()
    # The approved comment this one answers, if any.
    reply_to = HiddenField()

    def validate_email(self, field) -> None:
        address = (field.data or "").strip()
        if not address:
            if current_app.config["COMMENT_EMAIL_REQUIRED"]:
                raise ValidationError("Please give an email address; it is never shown.")
            if self.notify.data:
                raise ValidationError("Please give your email address to get mail about your comment.")
            return
        # Loaded by the first address to check: a worker that only serves pages never needs it.
        from email_validator import EmailNotValidError, validate_email

        try:
            field.data = validate_email(address, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise ValidationError(f"That email address is not valid: {error}") from None

    def validate_website(self, field) -> None:
        if not is_web_address(field.data.strip()):
            raise ValidationError(
                "A website must be an http:// or https:// address with a valid host name, "
                "without spaces or characters such as < > \" { }."
            )

    def validate_body(self, field) -> None:
        within_comment_length(self, field)

    def validate_reply_to(self, field) -> None:
        raw = (field.data or "").strip()
        if raw and not (raw.isascii() and raw.isdigit() and len(raw) < 19):
            raise ValidationError("The comment you are replying to could not be found.")
        field.data = raw


def prepare_comment_form(form: CommentForm, shown: list[Row]) -> Row | None:
    """Ready ``form`` for display beside the comments ``shown``.

    Keeps a valid render timestamp (a reader fixing a typo is not "too
    fast"), and returns the approved comment being replied to, if any.
    """
    if seconds_since_render(form.rendered.data) is None:
        form.rendered.data = sign_render_time()
    # The one part of a shared article page that changes with every render.
    varies_with(form.rendered.data)
    reply_to = form.reply_to.data
    target = next(
        (c for c in shown if str(c.id) == reply_to and c.status == CommentStatus.APPROVED), None
    )
    if target is None:
        form.reply_to.data = ""
    return target
