"""Threads written in one plain loop: each comment opens its reply list or closes the lists ending with it."""

from __future__ import annotations

from types import SimpleNamespace

from blogapp.comments.queries import build_threads, in_reading_order


def comments(*pairs):
    """Rows with ``id`` and ``parent_id``, oldest first."""
    return [SimpleNamespace(id=id_, parent_id=parent) for id_, parent in pairs]


def markup(shown) -> str:
    """The list structure the article template writes from ``shown``."""
    out = ""
    for item in shown:
        out += f"<li>{item.comment.id}"
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
    assert [(s.comment.id, s.replies_follow, s.closes) for s in shown] == [
        (1, True, 0), (2, True, 0), (3, True, 0), (4, False, 3)]


def test_no_comments_no_items():
    assert in_reading_order([]) == []
