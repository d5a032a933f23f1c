"""Noticing, in one place, every committed change that readers can see, and what it touched.

The ORM reports what each flush writes; whichever code path wrote it (a
reader's comment, the queue, the desk, an import), a commit that changed an
article, a category, an author or a public comment is announced, with what
it changed (``PublicChange``): the articles themselves, the articles whose
public comments changed, the categories whose articles changed, or
everything (an author's name, a category, a statement whose rows are not
known). It is announced after the commit, never before: a page rendered in
between was rendered from what came before, and is retired by the
announcement. It goes out through the ``public_content_committed`` signal
(blinker, as Flask's own signals), which the page cache listens to: storage
knows nothing of what is cached. Statements that bypass the ORM go through
``effects.write_comments``, which reports its articles the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from blinker import Namespace
from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from .models import Article, ArticleSlugRedirect, Category, CategorySlugRedirect, Comment, User

# Sent after a commit that changed what readers can see; the sender is the app,
# ``change`` the PublicChange.
public_content_committed = Namespace().signal("public-content-committed")

CHANGED = "blogapp.content_changed"
# Rows every page may show (the nav, bylines, breadcrumbs): a change to one changes everything.
SITE_WIDE = (Category, CategorySlugRedirect)


@dataclass
class PublicChange:
    """What a transaction changed of what readers see."""

    # Articles that changed themselves: text, status, slug, category, schedule.
    articles: set[int] = field(default_factory=set)
    # Articles whose approved comments changed (and with them their counts).
    comments_on: set[int] = field(default_factory=set)
    # Categories that gained, lost or changed an article: old and new category of a move.
    categories: set[int] = field(default_factory=set)
    # Something every page may show changed, or rows that were not told apart.
    everything: bool = False


def _values(instance, name: str) -> set:
    """Every value the attribute ``name`` had or has in this flush (old and new)."""
    history = inspect(instance).attrs[name].history
    return {value for value in (*history.deleted, *history.unchanged, *history.added) if value is not None}


def _note_instance(change: PublicChange, session: Session, instance, kind: str) -> None:
    """Add what writing ``instance`` (``kind``: new, dirty or deleted) changes on public pages."""
    if kind == "dirty" and not session.is_modified(instance):
        return
    if isinstance(instance, Comment):
        if instance.approved_before_or_after():
            change.comments_on.add(instance.article_id)
    elif isinstance(instance, Article):
        change.articles.add(instance.id)
        change.categories |= _values(instance, "category_id")
    elif isinstance(instance, ArticleSlugRedirect):
        change.articles.add(instance.article_id)
    elif isinstance(instance, SITE_WIDE):
        change.everything = True
    elif isinstance(instance, User):
        # A byline: only a new name, or an author removed, shows.
        if kind == "deleted" or (kind == "dirty" and inspect(instance).attrs.username.history.has_changes()):
            change.everything = True


def _note_flush(session: Session, _context) -> None:
    # After the flush, new rows have their ids; the attributes' history still holds what changed.
    change = PublicChange()
    for kind, instances in (("new", session.new), ("dirty", session.dirty), ("deleted", session.deleted)):
        for instance in instances:
            _note_instance(change, session, instance, kind)
    if change.articles or change.comments_on or change.categories or change.everything:
        mark_public_change(session, change)


def _note_bulk(state: ORMExecuteState) -> None:
    """ORM-enabled INSERT, UPDATE and DELETE statements on the public tables: rows unknown."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and mapper.class_ in (Article, ArticleSlugRedirect, *SITE_WIDE, Comment, User):
        mark_public_change(state.session, PublicChange(everything=True))


def mark_public_change(session: Session, change: PublicChange | None = None) -> None:
    """The session's transaction changes what readers see: say what (None:
    everything) after it commits."""
    noted = session.info.setdefault(CHANGED, PublicChange())
    change = change or PublicChange(everything=True)
    noted.articles |= change.articles
    noted.comments_on |= change.comments_on
    noted.categories |= change.categories
    noted.everything = noted.everything or change.everything


def _after_commit(session: Session) -> None:
    change = session.info.pop(CHANGED, None)
    if change is not None and has_app_context():
        public_content_committed.send(current_app._get_current_object(), change=change)


def _after_rollback(session: Session) -> None:
    session.info.pop(CHANGED, None)


LISTENERS = [
    ("after_flush", _note_flush),
    ("do_orm_execute", _note_bulk),
    ("after_commit", _after_commit),
    ("after_rollback", _after_rollback),
]


def watch_sessions() -> None:
    """Follow every session's commits from now on (idempotent; ``create_app`` calls it)."""
    for name, listener in LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
