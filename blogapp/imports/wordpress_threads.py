"""Threads of an export's comments: loops refused, depth bounded as the comment form bounds it."""

from __future__ import annotations


class ReplyLoop(ValueError):
    """Comments that answer each other in a circle; ``ids`` in the order they answer."""

    def __init__(self, ids: list[str]):
        super().__init__(ids)
        self.ids = ids


def shown_parents(parents: dict[str, str], max_depth: int) -> dict[str, str | None]:
    """The comment each comment hangs from here, for ``parents`` (id: the id it answers).

    A reply to a comment at the deepest level (``max_depth``) joins that
    level, as a reply through the comment form does; an answer to a comment
    not in ``parents`` starts a thread. Each comment is walked once, so a
    chain of 10,000 replies costs 10,000 steps.

    :raise ReplyLoop: when following the answers comes back to a comment.
    """
    paths: dict[str, tuple[str, ...]] = {}  # from the thread's start down to the comment
    for start in parents:
        chain, seen = [], set()
        comment = start
        while comment in parents and comment not in paths:
            if comment in seen:
                raise ReplyLoop(chain[chain.index(comment):])
            chain.append(comment)
            seen.add(comment)
            comment = parents[comment]
        above = paths.get(comment, ())
        for comment in reversed(chain):
            above = (above if len(above) < max_depth else above[:-1]) + (comment,)
            paths[comment] = above
    return {comment: path[-2] if len(path) > 1 else None for comment, path in paths.items()}
