"""Listings of published articles, newest first, a page at a time.

A page is found from its neighbour (keyset pagination), never by counting
from the top, so the 5,000th page costs what the first does: ``?before=C``
shows the articles published just before the one cursor ``C`` names,
``?after=C`` those just after it. A cursor is the article's publication time
and id, e.g. ``2026-10-02T09:00:00.000000_42``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort, current_app, request
from sqlalchemy import Select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Article

MAX_CURSOR_LENGTH = 40


@dataclass
class Listing:
    articles: list[Article]
    # Cursors for the "Newer articles" (?after=) and "Older articles" (?before=) links.
    newer: str | None
    older: str | None


def cursor_for(article: Article) -> str:
    return f"{article.published_at.isoformat(timespec='microseconds')}_{article.id}"


def parse_cursor(raw: str) -> tuple[datetime, int]:
    """:raise 404: when ``raw`` is not a cursor this site wrote."""
    moment, _, number = raw.rpartition("_")
    try:
        if len(raw) > MAX_CURSOR_LENGTH or not number.isascii() or not number.isdigit():
            raise ValueError(raw)
        return datetime.fromisoformat(moment), int(number)
    except ValueError:
        abort(404)


def requested_listing(query: Select) -> Listing | None:
    """The page of ``query`` (published articles, newest first) this request asks for.

    Returns None for a "newer" page that reaches the newest article: the
    caller sends the reader to the first page, which shows those.

    :raise 404: for a malformed cursor, or both ``before`` and ``after``.
    """
    before, after = request.args.get("before"), request.args.get("after")
    if before and after:
        abort(404)
    per_page = current_app.config["ARTICLES_PER_PAGE"]
    query = query.options(joinedload(Article.category)).limit(per_page + 1)
    if after:
        moment, number = parse_cursor(after)
        newer_first = query.where(
            Article.published_at >= moment, (Article.published_at > moment) | (Article.id > number)
        ).order_by(None).order_by(Article.published_at, Article.id)
        found = list(db.session.scalars(newer_first))
        if len(found) <= per_page:
            return None
        shown = found[:per_page][::-1]
        return Listing(shown, cursor_for(shown[0]), cursor_for(shown[-1]))
    if before:
        moment, number = parse_cursor(before)
        query = query.where(
            Article.published_at <= moment, (Article.published_at < moment) | (Article.id < number)
        )
    found = list(db.session.scalars(query))
    shown = found[:per_page]
    newer = cursor_for(shown[0]) if before and shown else None
    older = cursor_for(shown[-1]) if len(found) > per_page else None
    return Listing(shown, newer, older)
