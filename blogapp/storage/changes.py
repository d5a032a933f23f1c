"""Noticing, in one place, every committed change that readers can see.

The ORM reports what each flush writes; whichever code path wrote it (a
reader's comment, the queue, the desk, an import), a commit that changed an
article, a category, an author or a public comment publishes a new content
version. The version changes after the commit, never before: a page rendered
in between is stored under the old version, which is already retired.
It says so through the ``public_content_committed`` signal (blinker, as
Flask's own signals), which the page cache listens to: storage knows nothing
of what is cached. Statements that bypass the ORM go through
``effects.write_comments``, which marks the transaction the same way.
"""

from __future__ import annotations

from blinker import Namespace
from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from .models import Article, ArticleSlugRedirect, Category, CategorySlugRedirect, Comment, User

# Sent after a commit that changed what readers can see; the sender is the app.
public_content_committed = Namespace().signal("public-content-committed")

CHANGED = "blogapp.content_changed"
PUBLIC_MODELS = (Article, Category, ArticleSlugRedirect, CategorySlugRedirect)


def _shown_to_readers(session: Session, instance, kind: str) -> bool:
    """Whether writing ``instance`` (``kind``: new, dirty or deleted) changes a public page."""
    if kind == "dirty" and not session.is_modified(instance):
        return False
    if isinstance(instance, Comment):
        return instance.approved_before_or_after()
    if isinstance(instance, User):
        return kind == "deleted" or (kind == "dirty" and inspect(instance).attrs.username.history.has_changes())
    return isinstance(instance, PUBLIC_MODELS)


def _note_flush(session: Session, _context, _instances) -> None:
    if session.info.get(CHANGED):
        return
    for kind, instances in (("new", session.new), ("dirty", session.dirty), ("deleted", session.deleted)):
        if any(_shown_to_readers(session, instance, kind) for instance in instances):
            mark_public_change(session)
            return


def _note_bulk(state: ORMExecuteState) -> None:
    """ORM-enabled INSERT, UPDATE and DELETE statements on the public tables."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and mapper.class_ in (*PUBLIC_MODELS, Comment, User):
        mark_public_change(state.session)


def mark_public_change(session: Session) -> None:
    """The session's transaction changes what readers see: say so after it commits."""
    session.info[CHANGED] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(CHANGED, False) and has_app_context():
        public_content_committed.send(current_app._get_current_object())


def _after_rollback(session: Session) -> None:
    session.info.pop(CHANGED, None)


LISTENERS = [
    ("before_flush", _note_flush),
    ("do_orm_execute", _note_bulk),
    ("after_commit", _after_commit),
    ("after_rollback", _after_rollback),
]


def watch_sessions() -> None:
    """Follow every session's commits from now on (idempotent; ``create_app`` calls it)."""
    for name, listener in LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
