"""Atom feeds, the sitemap and robots.txt: published articles only."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, render_template
from sqlalchemy import select

from ..blog.finding import find_category, redirect_if_moved
from ..extensions import db
from ..pagecache.shared import shared_page
from ..pagecache.tags import HOME, category_tag, shows
from ..storage.models import Article, Category, utcnow
from ..web.addresses import absolute_url_for
from ..web.templating import last_changed

bp = Blueprint("feeds", __name__)

ATOM = "application/atom+xml; charset=utf-8"


def _atom(articles: list[Article], title: str, self_url: str, page_url: str) -> Response:
    updated = max((last_changed(a) for a in articles), default=utcnow())
    xml = render_template(
        "feeds/atom.xml",
        articles=articles,
        title=title,
        self_url=self_url,
        page_url=page_url,
        updated=updated,
        # Entry ids stay the same when a slug changes, so readers see no duplicates.
        tag_authority=urlsplit(absolute_url_for("blog.index")).hostname,
    )
    return Response(xml, content_type=ATOM)


def _latest(query) -> list[Article]:
    return list(db.session.scalars(query.limit(current_app.config["FEED_ENTRIES"])))


@bp.get("/feed.atom")
@shared_page()
def blog_feed():
    """The latest published articles of the whole blog."""
    shows(HOME)
    return _atom(
        _latest(Article.published()),
        title=current_app.config["SITE_NAME"],
        self_url=absolute_url_for("feeds.blog_feed"),
        page_url=absolute_url_for("blog.index"),
    )


@bp.get("/category/<slug>/feed.atom")
@shared_page()
def category_feed(slug: str):
    """The latest published articles of one category."""
    category = find_category(slug)
    if category is None:
        return redirect_if_moved(Category, slug, "feeds.category_feed")
    shows(category_tag(category.id))
    return _atom(
        _latest(Article.published().where(Article.category_id == category.id)),
        title=f"{category.name} · {current_app.config['SITE_NAME']}",
        self_url=absolute_url_for("feeds.category_feed", slug=category.slug),
        page_url=absolute_url_for("blog.category", slug=category.slug),
    )


@bp.get("/sitemap.xml")
@shared_page()
def sitemap():
    """Every published article and every category, with when each last changed."""
    shows(HOME)
    articles = db.session.execute(
        Article.published().with_only_columns(
            Article.slug, Article.category_id, Article.published_at, Article.updated_at
        )
    ).all()
    category_changed: dict[int, datetime] = {}
    for row in articles:
        changed = last_changed(row)
        category_changed[row.category_id] = max(changed, category_changed.get(row.category_id, changed))
    xml = render_template(
        "feeds/sitemap.xml",
        articles=articles,
        categories=db.session.scalars(select(Category).order_by(Category.name)).all(),
        category_changed=category_changed,
        site_changed=max(category_changed.values(), default=None),
    )
    return Response(xml, content_type="application/xml; charset=utf-8")


@bp.get("/robots.txt")
def robots():
    """Crawlers may read everything but the staff pages; the sitemap lists the rest."""
    text = render_template("feeds/robots.txt", sitemap_url=absolute_url_for("feeds.sitemap"))
    return Response(text, content_type="text/plain; charset=utf-8")
