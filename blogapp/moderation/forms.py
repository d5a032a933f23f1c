"""The moderators' forms: actions on comments, editing, replying."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from ..web.routing import MAX_ID
from .queries import SORTS, TABS


class ReturnForm(FlaskForm):
    """Every moderation form remembers the tab and page to return to."""

    tab = HiddenField(default="pending")
    page = HiddenField(default="1")
    sort = HiddenField(default="")

    def return_to(self) -> dict:
        """``url_for`` arguments for the queue page this form came from."""
        tab = self.tab.data if self.tab.data in TABS else "pending"
        page = self.page.data or "1"
        page = int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 7 else 1
        return {"tab": tab, "page": max(page, 1), **sorted_by(self.sort.data)}


def sorted_by(sort: str | None) -> dict:
    """The ``sort`` argument of a queue address, left out when it is the default (newest first)."""
    return {"sort": sort} if sort in SORTS and sort else {}


class ActionForm(ReturnForm):
    """One action on the comments ticked in the queue."""

    action = HiddenField()
    ids = SelectMultipleField(coerce=int, validate_choice=False)

    def validate_ids(self, field) -> None:
        # Beyond the id range the database cannot even compare (SQLite raised).
        if any(not 1 <= comment_id <= MAX_ID for comment_id in field.data or []):
            raise ValidationError("No such comment.")


class BodyForm(ReturnForm):
    body = TextAreaField("Text", validators=[DataRequired("Please write some text.")])

    def validate_body(self, field) -> None:
        limit = current_app.config["COMMENT_MAX_LENGTH"]
        if len(field.data) > limit:
            raise ValidationError(f"Comments can be at most {limit:,} characters.")


class EditForm(BodyForm):
    pass


class ReplyForm(BodyForm):
    body = TextAreaField("Your reply", validators=[DataRequired("Please write a reply.")])
