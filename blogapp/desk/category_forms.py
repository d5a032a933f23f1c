"""The category form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..storage.models import Premoderation
from ..text.plaintext import single_line

PREMODERATION_CHOICES = [
    (Premoderation.ALL.value, "Hold every comment"),
    (Premoderation.FIRST_TIME.value, "Hold first-time commenters only"),
    (Premoderation.LINKS.value, "Hold only comments with links"),
    (Premoderation.NONE.value, "Publish unless spam"),
]


class CategoryForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired("Please give the category a name."), Length(max=80), single_line]
    )
    slug = StringField(
        "Slug",
        validators=[Optional(), Length(max=80), single_line],
        description="The category's address. Leave it empty to make it from the name; "
        "when it changes, the old address redirects to the new one.",
    )
    description = TextAreaField(
        "Description", validators=[Length(max=1000)], description="Shown on the category page and to search engines."
    )
    premoderation = SelectField(
        "Comments", choices=PREMODERATION_CHOICES, default=Premoderation.ALL.value,
        description="Which comments wait for a moderator. A first-time commenter is an address without an "
        "approved comment; a website counts as a link. Spam rules, block lists and moderation words apply "
        "in every mode.",
    )
    comments_close_after_days = IntegerField(
        "Close comments after (days)", validators=[Optional(), NumberRange(min=0, max=36500)],
        description="Days after an article is published; empty uses the blog's setting, 0 never closes.",
    )
    comment_max_links = IntegerField(
        "Most links before a comment is held", validators=[Optional(), NumberRange(min=0, max=100)],
        description="Empty uses the blog's setting.",
    )
