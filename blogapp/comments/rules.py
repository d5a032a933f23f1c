"""The rules a new or edited comment is decided by: the settings, the block lists, its category's own."""

from __future__ import annotations

from dataclasses import replace

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..storage.models import Article, Category, Premoderation
from .blocklists import blocked_lists
from .policy import Rules


def rules_for(article_id: int) -> Rules:
    """The global rules with the block lists as they are now and the article's category's settings."""
    changes: dict = blocked_lists()
    category = db.session.execute(
        select(Category.premoderation, Category.comment_max_links)
        .join(Article, Article.category_id == Category.id)
        .where(Article.id == article_id)
    ).first()
    if category is not None:
        changes["premoderation"] = category.premoderation
        if category.comment_max_links is not None:
            changes["max_links"] = category.comment_max_links
    return replace(Rules.from_config(current_app.config), **changes)


def needs_known_author(rules: Rules) -> bool:
    """Whether deciding needs to know if the author has an approved comment (a query)."""
    return rules.auto_approve_known_authors or rules.premoderation == Premoderation.FIRST_TIME
