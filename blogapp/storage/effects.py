"""Every side effect of a write, in one list, and the one way to write past the ORM.

Whatever saves a row (a reader's comment, the queue, the desk, an import, a
command), the ORM's events carry out what else that write means. They are
installed here, from ``EFFECTS``, and nowhere else:

- string columns drop control characters when they are assigned;
- the search index follows every article insert, update and delete;
- an article's comment counts follow its comments' statuses;
- a commit that changed what readers see is announced
  (``changes.public_content_committed``), and the page cache retires its pages;
- a user's new password or role ends all their staff sessions.

A Core statement passes none of those events. ``write_comments`` is the one
helper for such statements, and it does their part itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import CursorResult, String, delete, event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

from ..extensions import db
from ..text.sanitize import strip_control_characters
from .changes import PublicChange, mark_public_change, watch_sessions
from .counts import recount, watch_comment_counts
from .models import Comment, StaffSession, User
from .search_index import watch_articles


def _without_control_characters(_target, value, _old, _initiator):
    return strip_control_characters(value) if isinstance(value, str) else value


def watch_text_columns() -> None:
    """Clean every string column of every model when it is assigned."""
    for mapper in db.Model.registry.mappers:
        for attribute in mapper.column_attrs:
            if not isinstance(attribute.columns[0].type, String):
                continue
            descriptor = getattr(mapper.class_, attribute.key)
            if not event.contains(descriptor, "set", _without_control_characters):
                event.listen(descriptor, "set", _without_control_characters, retval=True)


def _end_sessions_on_new_credentials(_mapper, connection, user: User) -> None:
    """A changed password or role ends every session the user has, in the same transaction."""
    state = inspect(user).attrs
    if state.password_hash.history.has_changes() or state.role.history.has_changes():
        connection.execute(delete(StaffSession).where(StaffSession.user_id == user.id))


def watch_credentials() -> None:
    if not event.contains(User, "before_update", _end_sessions_on_new_credentials):
        event.listen(User, "before_update", _end_sessions_on_new_credentials)


# Each installer is idempotent: tests build many apps in one process.
EFFECTS = (watch_text_columns, watch_articles, watch_comment_counts, watch_sessions, watch_credentials)


def install() -> None:
    for watch in EFFECTS:
        watch()


def write_comments(statement: UpdateBase, params: dict | list, *, article_ids: Iterable[int],
                   public: bool) -> CursorResult:
    """Run an INSERT, UPDATE or DELETE on comments in the session's transaction, past the ORM.

    ``article_ids``: the articles whose comments it writes; ``public``: whether
    readers can see the change (an approved comment). Then the counts are
    counted again now, and the page cache retires those articles' pages after
    the commit, as a flush would have had it.

    :raise ValueError: for a statement on another table; those go through the
        ORM, whose events keep their side effects.
    """
    if statement.table is not Comment.__table__:
        raise ValueError(f"write_comments writes comments, not {statement.table}")
    session: Session = db.session
    connection = session.connection()
    result = connection.execute(statement, params)
    if public:
        article_ids = set(article_ids)
        recount(connection, article_ids)
        mark_public_change(session, PublicChange(comments_on=article_ids))
    return result
