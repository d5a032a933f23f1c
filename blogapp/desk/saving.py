"""From a valid article form to an article: slug, status and publish time."""

from __future__ import annotations

from ..extensions import db
from ..storage.models import Article, ArticleStatus, Category, utcnow
from ..storage.slugs import change_slug, make_slug
from .forms import ArticleForm


def status_of(article: Article) -> str:
    """The status an editor sees: draft, published or scheduled."""
    if article.status == ArticleStatus.DRAFT:
        return "draft"
    return "scheduled" if article.is_scheduled else "published"


def form_data(article: Article) -> dict:
    """The form's fields, filled from a saved article."""
    return {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "summary": article.summary,
        "body": article.body_markdown,
        "status": status_of(article),
        "publish_at": article.published_at,
        "comments_open": article.comments_open,
        "version": str(article.version),
    }


def fill_article(article: Article, form: ArticleForm, slug: str) -> None:
    """Copy a valid form onto ``article`` (new or saved), in one UPDATE."""
    with db.session.no_autoflush:
        _copy_form(article, form, slug)


def _copy_form(article: Article, form: ArticleForm, slug: str) -> None:
    # Readers may have linked to the old address only if it was public.
    change_slug(article, slug, keep_old=article.is_published)
    article.title = form.title.data.strip()
    article.category = db.session.get(Category, form.category.data)
    article.summary = (form.summary.data or "").strip()
    article.body_markdown = form.body.data or ""
    article.comments_open = form.comments_open.data
    if form.status.data == "draft":
        article.status = ArticleStatus.DRAFT
        article.published_at = form.publish_at.data
    else:
        article.status = ArticleStatus.PUBLISHED
        article.published_at = form.publish_at.data or utcnow().replace(microsecond=0)


def preview_article(form: ArticleForm) -> Article:
    """An unsaved article built from the form, for the preview page only."""
    now = utcnow()
    article = Article(created_at=now, updated_at=now)
    fill_article(article, form, make_slug(Article, form.slug.data or form.title.data) or "preview")
    if article.published_at is None:
        article.published_at = now
    return article
