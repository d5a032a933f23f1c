"""The blog's data: categories, articles, reader comments and staff users."""

from __future__ import annotations

import enum
import hashlib
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, Index, String, Text, event, false, inspect, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.sql import Select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..text.markdown import render_article_body


def utcnow() -> datetime:
    """Now in UTC, naive: every timestamp in the database is UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def text_digest(text: str) -> str:
    """A 64-bit fingerprint of a comment's text: an index finds the same text by it."""
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def key_digest(key: str) -> str:
    """What the database keeps of a secret key a browser holds: the key itself never."""
    return hashlib.sha256(key.encode()).hexdigest()


def _digest_of_inserted_body(context) -> str:
    # A column default, so ORM flushes and plain INSERTs (comments/storing.py) alike fill it.
    return text_digest(context.get_current_parameters()["body_raw"])


def _string_enum(enum_class: type[enum.Enum]) -> Enum:
    """Store an enum's values as plain strings, the same on every database."""
    return Enum(
        enum_class,
        native_enum=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class ArticleStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class CommentStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"


class Role(enum.StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    MODERATOR = "moderator"


# SQLite reuses the highest rowid after a delete unless a table says
# AUTOINCREMENT; an id that comes back would hand a deleted comment's memory,
# audit entries or a user's sessions to the next row. PostgreSQL never reuses.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class Category(db.Model):
    __tablename__ = "categories"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    articles: Mapped[list[Article]] = relationship(back_populates="category")

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_string_enum(Role))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # The key of the staff session this request was signed in with (auth/sessions.py).
    session_key = None

    def get_id(self) -> str:
        """What Flask-Login keeps in the cookie: the session's key, not the user's id,
        so that a cookie names one session that can be ended."""
        if self.session_key is None:
            raise RuntimeError("sign users in through blogapp.auth.sessions.start_session")
        return self.session_key

    def set_password(self, password: str) -> None:
        # werkzeug's default is scrypt, a memory-hard KDF.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        """Admins may do everything; others only what their role allows."""
        return self.role == Role.ADMIN or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class StaffSession(db.Model):
    """One signed-in browser of a staff user: its cookie holds a key, this row the key's digest.

    Signing out deletes the row; a new password, a new role (storage/effects.py)
    or deleting the user deletes all of the user's rows. A cookie whose row is
    gone signs in no one.
    """

    __tablename__ = "staff_sessions"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


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
        _string_enum(ArticleStatus), default=ArticleStatus.DRAFT
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
    comments: Mapped[list[Comment]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("body_markdown")
    def _render_body(self, _key: str, markdown_text: str) -> str:
        # Rendering on assignment means no code path can save stale HTML.
        self.body_html = render_article_body(markdown_text)
        return markdown_text

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


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        # An article page: its approved comments, oldest first, in a stable order.
        Index("ix_comments_article_status_created_at", "article_id", "status", "created_at", "id"),
        # The moderation queue: one status, newest first; and the tab counts.
        Index("ix_comments_status_created_at", "status", "created_at"),
        # The duplicate check on posting: the same text on the same article.
        Index("ix_comments_article_body_digest", "article_id", "body_digest"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(80))
    # Kept for the moderators only; never shown on a public page.
    author_email: Mapped[str] = mapped_column(String(254), default="", index=True)
    author_url: Mapped[str] = mapped_column(String(300), default="")
    # What the reader typed, kept so a later allowlist can re-clean it.
    body_raw: Mapped[str] = mapped_column(Text)
    # bleach's output: the only comment text a page ever shows.
    body_html: Mapped[str] = mapped_column(Text)
    # text_digest(body_raw), kept in step on insert and edit (see below).
    body_digest: Mapped[str] = mapped_column(String(16), default=_digest_of_inserted_body, server_default="")
    status: Mapped[CommentStatus] = mapped_column(
        _string_enum(CommentStatus), default=CommentStatus.PENDING
    )
    # A keyed hash of the client's address: spots repeat offenders, reveals no IP.
    client_hash: Mapped[str] = mapped_column(String(64), default="")
    # key_digest of the key the author's session holds: what makes it "their" pending
    # comment (comments/queries.py). Empty for staff, imported and demo comments.
    owner_digest: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Why the policy held it or sent it to spam, shown in the queue.
    held_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Written by a signed-in moderator or admin: approved at once, marked on the page.
    from_staff: Mapped[bool] = mapped_column(default=False, server_default=false())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    article: Mapped[Article] = relationship(back_populates="comments")
    parent: Mapped[Comment | None] = relationship(remote_side=[id])

    def approved_before_or_after(self) -> bool:
        """During a flush: approved before the change being written, or after it
        (a new comment has no before). Readers saw it, or will."""
        status = inspect(self).attrs.status.history
        return CommentStatus.APPROVED in {*status.deleted, *status.unchanged, *status.added}

    def __repr__(self) -> str:
        return f"<Comment {self.id} on {self.article_id} ({self.status})>"


@event.listens_for(Comment, "before_update")
def _digest_edited_body(_mapper, _connection, comment: Comment) -> None:
    """A moderator's edit changes the text: its fingerprint follows."""
    if inspect(comment).attrs.body_raw.history.has_changes():
        comment.body_digest = text_digest(comment.body_raw)


class AuditEntry(db.Model):
    """One moderation action: who did what to which comment, and when."""

    __tablename__ = "audit_log"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept as text too, so the log still names a user who was deleted.
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(16))
    # No foreign key: the entry outlives a comment deleted for good.
    comment_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[str] = mapped_column(String(300), default="")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} comment {self.comment_id} by {self.username}>"
