"""Rows for tests, built through the models and committed, as a real request would."""

from __future__ import annotations

from datetime import timedelta

from blogapp.extensions import db
from blogapp.storage.models import Article, ArticleStatus, Category, Comment, CommentStatus, Role, User, utcnow
from blogapp.text.sanitize import clean_comment

from .accounts import PASSWORD


class Factory:
    """Builds rows for tests; each call commits, as a real request would."""

    def __init__(self):
        self._count = 0

    def _next(self) -> int:
        self._count += 1
        return self._count

    def category(self, name: str | None = None, **fields) -> Category:
        number = self._next()
        name = name or f"Category {number}"
        category = Category(name=name, slug=fields.pop("slug", f"category-{number}"), **fields)
        db.session.add(category)
        db.session.commit()
        return category

    def article(self, **fields) -> Article:
        number = self._next()
        fields.setdefault("title", f"Article {number}")
        fields.setdefault("slug", f"article-{number}")
        fields.setdefault("body_markdown", f"Body of article {number}.")
        fields.setdefault("status", ArticleStatus.PUBLISHED)
        fields.setdefault("published_at", utcnow() - timedelta(days=1, minutes=number))
        if "category" not in fields:
            fields["category"] = self.category()
        article = Article(**fields)
        db.session.add(article)
        db.session.commit()
        return article

    def comment(self, article: Article, body: str = "A fine comment.", **fields) -> Comment:
        fields.setdefault("author_name", "Reader")
        fields.setdefault("author_email", "reader@example.org")
        fields.setdefault("status", CommentStatus.APPROVED)
        comment = Comment(article=article, body_raw=body, body_html=clean_comment(body), **fields)
        db.session.add(comment)
        db.session.commit()
        return comment

    def user(self, username: str = "moderator", role: Role = Role.MODERATOR, password: str = PASSWORD) -> User:
        user = User(username=username, role=role)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user
