"""No control characters in stored text, whichever door it came in by.

The comment form strips them, but titles, summaries, category names and
imported files came in with them: a title with U+0001 made the Atom feed
ill-formed XML (every feed reader refused it) and the page invalid HTML.
Every string column of every model now drops them when it is assigned, so
forms, the importers and the command line are covered alike.

Line breaks are kept there (bodies and descriptions have paragraphs), but a
title, a name or a slug is one line: it goes into mail headers, where a line
break raises, and into log lines and listings. Those fields refuse line
breaks where a person typed them (forms, Markdown files, the command line),
and fold them to a space where another system wrote them (WordPress exports).
"""

from __future__ import annotations

import re

from wtforms.validators import ValidationError

from .sanitize import strip_control_characters

# Everything str.splitlines() breaks at, which is what mail headers refuse.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
_FOLD = re.compile(f"\\s*[{LINE_BREAKS}]\\s*")


def has_line_break(text: str) -> bool:
    """Whether ``text`` still breaks a line once it is stored (control characters such as
    a vertical tab are dropped then, so they break nothing)."""
    return _LINE_BREAK.search(strip_control_characters(text)) is not None


def fold_line_breaks(text: str) -> str:
    """``text`` on one line: each line break, with the spaces around it, becomes one space."""
    return _FOLD.sub(" ", text)


def single_line(form, field) -> None:
    """WTForms validator for a one-line field (a title, a name, a slug)."""
    if field.data and has_line_break(field.data):
        raise ValidationError(f"{field.label.text} must be on one line: please remove the line break.")
