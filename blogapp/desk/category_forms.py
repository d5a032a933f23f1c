"""The category form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..text.plaintext import single_line


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
