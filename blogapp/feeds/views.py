"""Atom feeds, the sitemap and robots.txt: published articles only."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, render_template

from ..blog.finding import find_category, redirect_if_moved
from ..extensions import db
from ..pagecache.shared import shared_page
from ..pagecache.tags import HOME, category_tag, shows
from ..storage.models import Article, Category, utcnow
from ..web.addresses import absolute_url_for
from ..web.templating import last_changed
from . import sitemap as sitemap_files

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


def _sitemap_xml(template: str, **context) -> Response:
    return Response(render_template(template, **context), content_type="application/xml; charset=utf-8")


@bp.get("/sitemap.xml")
@shared_page()
def sitemap():
    """Every published article and every category; past SITEMAP_MAX_URLS, an index of the files listing them."""
    shows(HOME)
    count = sitemap_files.file_count()
    if count == 1:
        return _sitemap_xml("feeds/sitemap.xml", urls=sitemap_files.urls_of_file(1))
    files = [sitemap_files.Url(absolute_url_for("feeds.sitemap_file", number=number), changed)
             for number, changed in enumerate(sitemap_files.file_changes(count), start=1)]
    return _sitemap_xml("feeds/sitemap_index.xml", files=files)


@bp.get("/sitemap-<int:number>.xml")
@shared_page()
def sitemap_file(number: int):
    """One file of the sitemap index (a small blog's only file is the whole sitemap)."""
    shows(HOME)
    if not 1 <= number <= sitemap_files.file_count():
        abort(404)
    return _sitemap_xml("feeds/sitemap.xml", urls=sitemap_files.urls_of_file(number))


@bp.get("/robots.txt")
def robots():
    """Crawlers may read everything but the staff pages; the sitemap lists the rest."""
    text = render_template("feeds/robots.txt", sitemap_url=absolute_url_for("feeds.sitemap"))
    return Response(text, content_type="text/plain; charset=utf-8")
