"""What the admins' outbox page lists: waiting, failed and sent mail, and their subjects."""

from __future__ import annotations

from email.header import decode_header, make_header
from email.parser import HeaderParser

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from ..extensions import db
from ..storage.models import OutboxMail

# Tab name -> what it lists. Waiting mail is tried again; failed mail used every try (OUTBOX_MAX_ATTEMPTS).
TABS = ("waiting", "failed", "sent")


def _condition(tab: str):
    most = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    if tab == "sent":
        return OutboxMail.sent_at.is_not(None)
    tries = OutboxMail.attempts < most if tab == "waiting" else OutboxMail.attempts >= most
    return OutboxMail.sent_at.is_(None) & tries


def tab_counts() -> dict[str, int]:
    return {tab: db.session.scalar(select(func.count()).select_from(OutboxMail).where(_condition(tab)))
            for tab in TABS}


def mails_in_tab(tab: str, page: int) -> Pagination:
    """One page of a tab: waiting and failed oldest first (the next to go), sent most recent first."""
    order = (OutboxMail.sent_at.desc(), OutboxMail.id.desc()) if tab == "sent" else (OutboxMail.id,)
    query = select(OutboxMail).where(_condition(tab)).order_by(*order)
    return db.paginate(query, page=page, per_page=current_app.config["OUTBOX_PAGE_SIZE"], error_out=False)


def subject_of(mail: OutboxMail) -> str:
    """The mail's Subject, decoded; only the headers are read, the body never leaves the database."""
    headers = HeaderParser().parsestr(mail.message, headersonly=True)
    return str(make_header(decode_header(headers.get("Subject", ""))))
