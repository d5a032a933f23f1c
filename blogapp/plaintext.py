"""No control characters in stored text, whichever door it came in by.

The comment form strips them, but titles, summaries, category names and
imported files came in with them: a title with U+0001 made the Atom feed
ill-formed XML (every feed reader refused it) and the page invalid HTML.
Every string column of every model now drops them when it is assigned, so
forms, the importers and the command line are covered alike.
"""

from __future__ import annotations

from sqlalchemy import String, event
from sqlalchemy.orm import DeclarativeBase

from .sanitize import strip_control_characters


def _without_control_characters(_target, value, _old, _initiator):
    return strip_control_characters(value) if isinstance(value, str) else value


def watch_text_columns(base: type[DeclarativeBase]) -> None:
    """Clean every string column of every model mapped on ``base`` (once per process)."""
    for mapper in base.registry.mappers:
        for attribute in mapper.column_attrs:
            if not isinstance(attribute.columns[0].type, String):
                continue
            descriptor = getattr(mapper.class_, attribute.key)
            if not event.contains(descriptor, "set", _without_control_characters):
                event.listen(descriptor, "set", _without_control_characters, retval=True)


