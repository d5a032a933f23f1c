"""The /privacy/ forms: an address to send a confirmation link to, and the buttons behind the link."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Length, ValidationError

from ..text.plaintext import single_line


class NoTokenForm(FlaskForm):
    """No CSRF field: /privacy/ is shared by every reader, and web/forgery.py checks the Origin."""

    class Meta:
        csrf = False


class AddressForm(NoTokenForm):
    email = EmailField("Your email address", validators=[
        DataRequired("Please give the email address you commented with."), Length(max=254), single_line,
    ])

    def validate_email(self, field) -> None:
        # Loaded by the first address to check, as the comment form does.
        from email_validator import EmailNotValidError, validate_email

        try:
            field.data = validate_email(field.data.strip(), check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise ValidationError(f"That email address is not valid: {error}") from None


class ButtonForm(NoTokenForm):
    """Only a button: the link's own address is the secret."""
