"""Articles, their categories, and the slugs both had before (their old addresses redirect)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.sql import Select

from ...extensions import db
from ...text.markdown import render_article_body
from .columns import NEVER_REUSE_IDS, string_enum, utcnow
from .media import MediaImage, article_images, images_shown_in
from .users import User


class ArticleStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Premoderation(enum.StrEnum):
    """How much of a category's comments waits for a moderator (spam rules apply to all)."""

    ALL = "all"
    FIRST_TIME = "first-time"
    LINKS = "links"
    NONE = "none"


class Category(db.Model):
    __tablename__ = "categories"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # The comment rules of its articles; None takes the global setting.
    premoderation: Mapped[Premoderation] = mapped_column(
        string_enum(Premoderation), default=Premoderation.ALL, server_default=Premoderation.ALL.value
    )
    comments_close_after_days: Mapped[int | None]
    comment_max_links: Mapped[int | None]

    articles: Mapped[list[Article]] = relationship(back_populates="category")

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (
        # The home page: published articles, newest first; the id breaks ties
        # and lets a page start just after a given article (keyset pagination).
        Index("ix_articles_status_published_at", "status", "published_at", "id"),
        # A category page: the same, within one category.
        Index("ix_articles_category_status_published_at", "category_id", "status", "published_at", "id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    # Rendered and sanitised when the article is saved, never per request.
    body_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ArticleStatus] = mapped_column(
        string_enum(ArticleStatus), default=ArticleStatus.DRAFT
    )
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    comments_open: Mapped[bool] = mapped_column(default=True)
    # Bumped on every save; an edit made from an older version is a conflict.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Kept by blogapp/storage/counts.py, so that no page or post counts comments.
    approved_comments: Mapped[int] = mapped_column(default=0, server_default="0")
    # Approved comments that answer no approved comment: the page shows them as threads.
    comment_threads: Mapped[int] = mapped_column(default=0, server_default="0")
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    category: Mapped[Category] = relationship(back_populates="articles")
    author: Mapped[User | None] = relationship()
    # SQLAlchemy finds Comment by name (comments.py imports this module, not the reverse).
    comments: Mapped[list[Comment]] = relationship(  # noqa: F821
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    # The uploaded images the body shows, kept with the body (below).
    images: Mapped[list[MediaImage]] = relationship(secondary=article_images, order_by=MediaImage.id)

    __mapper_args__ = {"version_id_col": version}

    @validates("body_markdown")
    def _render_body(self, _key: str, markdown_text: str) -> str:
        # Rendering on assignment means no code path can save stale HTML.
        shown = images_shown_in(markdown_text)
        self.body_html = render_article_body(markdown_text, {image.id: image.picture() for image in shown})
        if shown or self.id is not None:
            self.images = shown
        return markdown_text

    @property
    def close_after_days(self) -> int | None:
        """Its category's own comment age limit (None: the global one)."""
        return self.category.comments_close_after_days if self.category is not None else None

    @property
    def is_published(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= utcnow()
        )

    @property
    def is_scheduled(self) -> bool:
        """Published with a date still to come: readers see it from then on."""
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at > utcnow()
        )

    @staticmethod
    def published() -> Select[tuple[Article]]:
        """Articles readers may see, newest first."""
        return (
            select(Article)
            .where(Article.status == ArticleStatus.PUBLISHED, Article.published_at <= utcnow())
            .order_by(Article.published_at.desc(), Article.id.desc())
        )

    def __repr__(self) -> str:
        return f"<Article {self.slug}>"


class ArticleSlugRedirect(db.Model):
    """A slug a published article had before: its old address redirects."""

    __tablename__ = "article_slug_redirects"

    old_slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)

    article: Mapped[Article] = relationship()


class CategorySlugRedirect(db.Model):
    """A slug a category had before it was renamed."""

    __tablename__ = "category_slug_redirects"

    old_slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"), index=True)

    category: Mapped[Category] = relationship()
