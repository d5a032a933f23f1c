"""Slugs for articles and categories: made from titles, unique, with a history.

When a published article or a category gets a new slug, the old one is kept
so that links to it keep working (the reader's views answer it with a 301).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import Article, ArticleSlugRedirect, Category, CategorySlugRedirect

# For each kind of page: its history table and the column naming what moved.
_HISTORY = {Article: (ArticleSlugRedirect, "article_id"), Category: (CategorySlugRedirect, "category_id")}


def max_length(model: type[Article] | type[Category]) -> int:
    return model.__table__.c.slug.type.length


def make_slug(model: type[Article] | type[Category], text: str) -> str:
    """``text`` as a slug: lowercase ASCII words, other scripts transliterated."""
    # Imported here: readers' pages only look slugs up, and never load python-slugify.
    from slugify import slugify

    return slugify(text, max_length=max_length(model), word_boundary=True)


def slug_owner(model: type[Article] | type[Category], slug: str) -> int | None:
    """The id of what has ``slug`` now, or had it before."""
    history, column = _HISTORY[model]
    current = db.session.scalar(select(model.id).where(model.slug == slug))
    if current is not None:
        return current
    return db.session.scalar(select(getattr(history, column)).where(history.old_slug == slug))


def free_slug(model: type[Article] | type[Category], text: str, own_id: int | None = None) -> str:
    """A slug made from ``text`` that nothing else uses, numbered when needed."""
    base = make_slug(model, text) or model.__name__.lower()
    candidate, number = base, 1
    while slug_owner(model, candidate) not in (None, own_id):
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length(model) - len(suffix)].rstrip("-") + suffix
    return candidate


def change_slug(thing: Article | Category, new_slug: str, keep_old: bool) -> None:
    """Give ``thing`` a new slug; with ``keep_old``, its old address redirects."""
    history, column = _HISTORY[type(thing)]
    old_slug = thing.slug
    if old_slug == new_slug:
        return
    returning = db.session.get(history, new_slug)
    if returning is not None:
        db.session.delete(returning)
    if keep_old and old_slug and thing.id is not None:
        db.session.merge(history(old_slug=old_slug, **{column: thing.id}))
    thing.slug = new_slug


def moved_to(model: type[Article] | type[Category], old_slug: str) -> Article | Category | None:
    """Where the article or category that had ``old_slug`` is now, if anywhere."""
    history, _ = _HISTORY[model]
    entry = db.session.get(history, old_slug)
    return getattr(entry, model.__name__.lower()) if entry else None


def requested_slug(model: type[Article] | type[Category], typed: str | None, source: str, own_id: int | None):
    """The slug an editor typed, or one made from ``source`` when they left it empty.

    Returns ``(slug, None)``, or ``(None, problem)`` with a sentence for the editor.
    """
    typed = (typed or "").strip()
    if not typed:
        return free_slug(model, source, own_id=own_id), None
    slug = make_slug(model, typed)
    if not slug:
        return None, "A slug needs at least one letter or digit."
    if slug_owner(model, slug) not in (None, own_id):
        kind = model.__name__.lower()
        return None, f"The address “{slug}” belongs to another {kind}; choose another slug."
    return slug, None


def save_unless_taken(model: type[Article] | type[Category], slug: str, own_id: int | None):
    """Commit the session; when another save took ``slug`` (or an old address)
    between our checks and the commit, roll back and say why.

    Returns ``(None, None)`` when saved, else ``(slug problem, form problem)``.
    On SQLite the checks and the commit share one BEGIN IMMEDIATE, so only
    PostgreSQL gets here with a clash.
    """
    try:
        db.session.commit()
        return None, None
    except IntegrityError:
        db.session.rollback()
    if slug_owner(model, slug) not in (None, own_id):
        kind = model.__name__.lower()
        return f"Another {kind} took the address “{slug}” a moment ago; nothing was saved. Choose another slug.", None
    return None, "Someone else saved at the same moment; nothing was saved. Please save again."
