"""The forms of a comment's private page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from .forms import within_comment_length, without_control_characters


class AuthorForm(FlaskForm):
    """No CSRF field: the page's own address is the secret, and web/forgery.py checks the Origin."""

    class Meta:
        csrf = False


class EditCommentForm(AuthorForm):
    body = TextAreaField("Your comment", filters=[without_control_characters],
                         validators=[DataRequired("Please write a comment."), within_comment_length])


class DeleteCommentForm(AuthorForm):
    """Only a button."""
