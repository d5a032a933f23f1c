"""The comments of an article page as the page writes them: in reading order,
with their dates and reply links written out.

The template writes up to 50 threads and their replies in one plain loop.
Built there, through Jinja's attribute look-ups, filters and calls, each
comment's dates and reply link cost more than its markup; built in one pass
here they cost a few operations each. The template still escapes every
value it writes.
"""

from __future__ import annotations

import calendar
from datetime import datetime
from typing import NamedTuple

from ..web.templating import w3c_datetime
from .queries import ShownRow, Thread

# strftime's %B, read once: strftime itself takes three times as long as the
# formatting below, and a page writes the time of each of its comments.
MONTH_NAMES = tuple(calendar.month_name)


class ShownComment(NamedTuple):
    """A comment where the page writes it.

    ``replies_follow``: its replies come next, in a list of their own;
    ``closes``: how many reply lists (and the comments holding them) end after it;
    ``reply_url``: where its Reply link goes, None when it has none.
    """

    id: int
    author_name: str
    author_url: str
    from_staff: bool
    body_html: str
    written_w3c: str  # for <time datetime=...>: 2026-10-02T09:00:00Z
    written_on: str  # for readers: 2 October 2026, 09:00
    own: bool  # the reader's own, awaiting moderation
    reply_url: str | None
    replies_follow: bool
    closes: int


def in_reading_order(
    threads: list[Thread], own_pending: set[int] = frozenset(), reply_href: str | None = None
) -> list[ShownComment]:
    """``threads`` flattened, so the template writes them in one plain loop.

    ``own_pending``: the ids of the reader's own comments awaiting moderation;
    ``reply_href``: the address a comment's id is added to for its Reply
    link, None where comments are closed. A recursive Jinja loop cost a
    loop context and a call per reply list.
    """
    order: list[tuple[ShownRow, bool]] = []
    closes: list[int] = []

    def walk(thread: Thread) -> None:
        order.append((thread.comment, bool(thread.replies)))
        closes.append(0)
        for reply in thread.replies:
            walk(reply)
        if thread.replies:
            closes[-1] += 1

    for thread in threads:
        walk(thread)
    return [_shown(comment, follow, closing, own_pending, reply_href)
            for (comment, follow), closing in zip(order, closes)]


def _shown(comment: ShownRow, replies_follow: bool, closes: int, own_pending: set[int],
           reply_href: str | None) -> ShownComment:
    own = comment.id in own_pending
    written: datetime = comment.created_at
    # A comment awaiting moderation has no Reply link: nobody else sees it yet.
    reply_url = None if reply_href is None or own else f"{reply_href}{comment.id}"
    return ShownComment(comment.id, comment.author_name, comment.author_url, comment.from_staff, comment.body_html,
                        w3c_datetime(written), reading_time(written), own, reply_url, replies_follow, closes)


def reading_time(moment: datetime) -> str:
    """``moment`` as readers see it, "2 October 2026, 09:00": strftime("%-d %B %Y, %H:%M")."""
    return f"{moment.day} {MONTH_NAMES[moment.month]} {moment.year}, {moment.hour:02}:{moment.minute:02}"
