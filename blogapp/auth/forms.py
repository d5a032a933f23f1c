"""The sign-in form."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """No CSRF field: nobody is signed in yet, so no session holds a token, and
    the sign-in page sets no cookie. blogapp/web/forgery.py refuses a sign-in
    sent from another site by the browser's Origin and Sec-Fetch-Site headers.
    """

    class Meta:
        csrf = False

    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
