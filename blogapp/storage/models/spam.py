"""What the spam filter has learnt: how many spam and genuine comments held each token.

One row per token, shared by every worker and host through the database.
The totals (how many comments of each kind were learnt) are a row too, under
a name no tokeniser produces, so scoring reads them in the same query as the
tokens (b8 keeps its text counts the same way).
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db

# The row holding the totals; tokens never contain "*" (blogapp/spam/tokens.py).
TOTALS_TOKEN = "*texts*"


class SpamToken(db.Model):
    """One token and the number of learnt spam and genuine (ham) comments that held it."""

    __tablename__ = "spam_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    spam: Mapped[int] = mapped_column(default=0, server_default="0")
    ham: Mapped[int] = mapped_column(default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<SpamToken {self.token!r} spam={self.spam} ham={self.ham}>"
