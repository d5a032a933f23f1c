"""Noticing, in one place, every committed change that readers can see.

The ORM reports what each flush writes; whichever code path wrote it (a
reader's comment, the queue, the desk, an import), a commit that changed an
article, a category, an author or a public comment publishes a new content
version. The version changes after the commit, never before: a page rendered
in between is stored under the old version, which is already retired.
Statements that bypass the ORM (bulk loads) call ``content_changed()`` themselves.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from ..models import Article, ArticleSlugRedirect, Category, CategorySlugRedirect, Comment, User
from .store import content_changed

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
            session.info[CHANGED] = True
            return


def _note_bulk(state: ORMExecuteState) -> None:
    """ORM-enabled INSERT, UPDATE and DELETE statements on the public tables."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and mapper.class_ in (*PUBLIC_MODELS, Comment, User):
        state.session.info[CHANGED] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(CHANGED, False):
        content_changed()


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
