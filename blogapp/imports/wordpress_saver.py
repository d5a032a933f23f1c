"""Mapping a WordPress export onto categories, articles and comments.

Articles are matched by slug and comments by author, date and text, so a
second run finds everything already there and adds nothing. An article whose
slug exists already is left as it is (an editor may have changed it since);
only its missing comments are added. The caller commits once, at the end.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote

from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..storage.models import Article, Category, Comment
from ..storage.slugs import free_slug, make_slug
from ..text.sanitize import clean_comment, strip_control_characters
from .wordpress_reader import Export, ExportComment, ExportPost

# Gutenberg's block markers and <!--more--> mean nothing here.
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FALLBACK_CATEGORY = ("uncategorized", "Uncategorized")


def our_slug(model: type[Article] | type[Category], wordpress_slug: str, name: str) -> str:
    """WordPress's slug when it suits our addresses, else one made like ours."""
    slug = unquote(wordpress_slug).strip().lower()
    if _SLUG.fullmatch(slug) and len(slug) <= model.__table__.c.slug.type.length:
        return slug
    return make_slug(model, slug) or free_slug(model, name)


def import_export(export: Export) -> Counter:
    """Save what ``export`` holds that is not here yet; returns what was done."""
    done: Counter = Counter()
    categories = {}
    for slug, name, description in export.categories:
        categories[slug] = _category(slug, name, description, done)
    for post in export.posts:
        slug, name = post.category if post.category[0] else FALLBACK_CATEGORY
        category = categories.get(slug) or _category(slug, name or slug, "", done)
        categories[slug] = category
        article = _article(post, category, done)
        _comments(article, post.comments, done)
    return done


def _category(wordpress_slug: str, name: str, description: str, done: Counter) -> Category:
    slug = our_slug(Category, wordpress_slug, name)
    category = db.session.scalar(select(Category).filter_by(slug=slug))
    if category is None:
        category = Category(slug=slug, name=name[:80] or slug, description=description)
        db.session.add(category)
        done["categories new"] += 1
    return category


def _article(post: ExportPost, category: Category, done: Counter) -> Article:
    # WordPress leaves drafts without a slug: the title's slug finds them again next time.
    slug = our_slug(Article, post.slug or post.title, post.title)
    article = db.session.scalar(select(Article).filter_by(slug=slug))
    if article is not None:
        done["articles already here"] += 1
        return article
    article = Article(
        slug=slug,
        title=post.title[:200],
        category=category,
        summary=Markup(post.excerpt).striptags(),
        # Raw HTML is valid Markdown: rendering cleans it through the editor's allowlist.
        body_markdown=_HTML_COMMENT.sub("", post.content).strip(),
        status=post.status,
        published_at=post.published_at,
        comments_open=post.comments_open,
    )
    db.session.add(article)
    db.session.flush()
    done["articles new"] += 1
    return article


def _comments(article: Article, comments: list[ExportComment], done: Counter) -> None:
    """Add the comments not here yet, then thread them as WordPress had them."""
    existing = {(c.author_name, c.created_at, c.body_raw): c for c in article.comments}
    by_wordpress_id: dict[str, Comment] = {}
    for source in comments:
        key = (source.author[:80], source.date, strip_control_characters(source.content))
        comment = existing.get(key)
        if comment is None:
            comment = Comment(
                article=article,
                author_name=key[0],
                author_email=source.email[:254],
                author_url=source.url[:300] if source.url.startswith(("http://", "https://")) else "",
                body_raw=key[2],
                body_html=clean_comment(source.content),
                status=source.status,
                created_at=source.date,
            )
            db.session.add(comment)
            done[f"comments new ({source.status.value})"] += 1
        else:
            done["comments already here"] += 1
        by_wordpress_id[source.wp_id] = comment
    for source in comments:
        parent = by_wordpress_id.get(source.parent_wp_id)
        if parent is not None and by_wordpress_id[source.wp_id].parent is None:
            by_wordpress_id[source.wp_id].parent = parent
