"""Threads written in one plain loop: each comment opens its reply list or closes the lists ending with it."""

from __future__ import annotations

from datetime import datetime, timedelta

from blogapp.comments.queries import ShownRow, build_threads
from blogapp.comments.shown import in_reading_order, reading_time

WRITTEN = datetime(2026, 10, 2, 9, 0)


def comments(*pairs):
    """Rows with ``id`` and ``parent_id``, oldest first."""
    return [ShownRow(id_, 1, parent, f"Reader {id_}", "", "<p>Hi</p>", "approved", WRITTEN, False, "")
            for id_, parent in pairs]


def markup(shown) -> str:
    """The list structure the article template writes from ``shown``."""
    out = ""
    for item in shown:
        out += f"<li>{item.id}"
        out += "<ol>" if item.replies_follow else "</li>" + "</ol></li>" * item.closes
    return out


def nested(threads) -> str:
    """The same structure written recursively, as the template did before."""
    return "".join(f"<li>{t.comment.id}" + (f"<ol>{nested(t.replies)}</ol>" if t.replies else "") + "</li>"
                   for t in threads)


def test_flat_order_writes_the_same_nesting_as_the_threads():
    rows = comments((1, None), (2, 1), (3, 2), (4, 3), (5, 1), (6, None), (7, 6), (8, None), (9, 4))
    for depth in (1, 2, 3, 5):
        threads = build_threads(rows, depth)
        assert markup(in_reading_order(threads)) == nested(threads)


def test_a_reply_ending_three_lists_closes_all_three():
    threads = build_threads(comments((1, None), (2, 1), (3, 2), (4, 3)), 5)
    shown = in_reading_order(threads)
    assert [(s.id, s.replies_follow, s.closes) for s in shown] == [
        (1, True, 0), (2, True, 0), (3, True, 0), (4, False, 3)]


def test_no_comments_no_items():
    assert in_reading_order([]) == []


def test_reply_links_for_every_comment_but_the_readers_own_pending_one():
    shown = in_reading_order(build_threads(comments((1, None), (2, 1)), 3), {2}, "/articles/a/?reply_to=")
    assert [(s.id, s.own, s.reply_url) for s in shown] == [(1, False, "/articles/a/?reply_to=1"), (2, True, None)]
    # Where comments are closed, none.
    assert [s.reply_url for s in in_reading_order(build_threads(comments((1, None)), 3))] == [None]


def test_times_written_as_strftime_writes_them():
    shown = in_reading_order(build_threads(comments((1, None)), 3))
    assert (shown[0].written_w3c, shown[0].written_on) == ("2026-10-02T09:00:00Z", "2 October 2026, 09:00")
    for minutes in range(0, 366 * 24 * 60, 53):
        moment = WRITTEN + timedelta(minutes=minutes)
        assert reading_time(moment) == moment.strftime("%-d %B %Y, %H:%M")
