"""Everything the database holds, as one text to search for a commenter's traces."""

from __future__ import annotations

from email import message_from_string, policy

from sqlalchemy import inspect, text

from blogapp.extensions import db


def _decoded_mail(message: str) -> str:
    """A stored mail's text parts as a reader sees them (not quoted-printable or base64)."""
    parsed = message_from_string(message, policy=policy.default)
    parts = [part.get_content() for part in parsed.walk()
             if part.get_content_maintype() == "text" and not part.is_multipart()]
    return "\n".join([str(parsed["Subject"] or ""), *parts])


def everything_stored() -> str:
    """Every column of every row of every table (found by reflection), lower-case; mail decoded too."""
    db.session.commit()
    names = inspect(db.engine).get_table_names()
    rows = [str(tuple(row)) for name in names for row in db.session.execute(text(f'SELECT * FROM "{name}"'))]
    mails = [_decoded_mail(message) for message in db.session.scalars(text("SELECT message FROM outbox"))]
    return "\n".join(rows + mails).lower()
