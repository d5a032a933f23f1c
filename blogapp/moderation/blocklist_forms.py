"""The block-list page's forms: an entry to add, a ban to lift."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..storage.models import BlockKind
from ..text.plaintext import single_line
from .forms import ReturnForm

KIND_LABELS = {
    BlockKind.EMAIL: "Email address",
    BlockKind.DOMAIN: "Email domain",
    BlockKind.HOST: "Website or link address",
    BlockKind.WORD: "Word or phrase",
    BlockKind.CLIENT: "Client hash (from the queue)",
}
DOMAIN = re.compile(r"@?[a-z0-9-]+(\.[a-z0-9-]+)+")
CLIENT = re.compile(r"[0-9a-f]{32}")


class BlockEntryForm(FlaskForm):
    kind = SelectField("What to block", choices=[(kind.value, label) for kind, label in KIND_LABELS.items()])
    value = StringField("Value", description="An address, @example.org, a host name or part of an address, "
                        "a word, or a client hash from the queue.", validators=[DataRequired("Please give a value to block."), Length(max=254),
                                             single_line])

    def validate_value(self, field) -> None:
        value, kind = field.data.strip().lower(), self.kind.data
        if kind == BlockKind.EMAIL and (value.count("@") != 1 or value.startswith("@") or value.endswith("@")):
            raise ValidationError("An email address has one @ with a name before it (for a whole domain, "
                                  "choose “Email domain”).")
        if kind == BlockKind.DOMAIN and not DOMAIN.fullmatch(value):
            raise ValidationError("A domain looks like @example.org.")
        if kind == BlockKind.CLIENT and not CLIENT.fullmatch(value):
            raise ValidationError("A client hash is the 32 letters and digits the queue shows.")
        if len(value) < 2:
            raise ValidationError("Please give at least two characters: one would block nearly everything.")


class RemoveForm(FlaskForm):
    """Removing an entry: only the token."""


class LiftForm(ReturnForm):
    """Lifting a ban, from the queue (back to its tab) or from the block-list page."""

    back = HiddenField(default="blocklist")
