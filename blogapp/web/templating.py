"""Helpers the templates call."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, request

from ..storage.models import Article, Role
from .addresses import absolute_url_for
from .pagination import query_values


def breadcrumb_list_elements(items: list[tuple[str, str]]) -> list[dict]:
    """schema.org ListItems for a breadcrumb trail of (label, absolute URL)."""
    return [
        {"@type": "ListItem", "position": position, "name": label, "item": url}
        for position, (label, url) in enumerate(items, start=1)
    ]


def canonical_url() -> str | None:
    """This page's address without tracking or sorting parameters.

    What picks the page stays: a comment page number, a listing's cursor.
    """
    rule = request.url_rule
    if rule is None or rule.endpoint == "static":
        return None
    values = dict(request.view_args or {})
    args = query_values()
    page = args.get("page", "")
    if page.isascii() and page.isdigit() and page != "1":
        values["page"] = page
    for cursor in ("before", "after"):
        if args.get(cursor):
            values[cursor] = args[cursor]
    return absolute_url_for(rule.endpoint, **values)


def w3c_datetime(moment: datetime) -> str:
    """A UTC timestamp as feeds and sitemaps write it: 2026-10-02T09:00:00Z."""
    return moment.isoformat(timespec="seconds") + "Z"


def last_changed(article: Article) -> datetime:
    """When readers last saw the article change: never before it was published."""
    return max(article.updated_at, article.published_at)


def article_json_ld(article: Article) -> dict:
    """schema.org ``Article`` data for search engines."""
    url = absolute_url_for("blog.article", slug=article.slug)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary or article.title,
        "datePublished": w3c_datetime(article.published_at),
        "dateModified": w3c_datetime(last_changed(article)),
        "articleSection": article.category.name,
        "mainEntityOfPage": url,
        "url": url,
        "publisher": {"@type": "Organization", "name": current_app.config["SITE_NAME"]},
    }
    if article.author is not None:
        data["author"] = {"@type": "Person", "name": article.author.username}
    return data


def install(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        breadcrumb_list_elements=breadcrumb_list_elements,
        canonical_url=canonical_url,
        Role=Role,
        article_json_ld=article_json_ld,
        last_changed=last_changed,
    )
    app.jinja_env.filters["w3c"] = w3c_datetime
    # ``moment|strftime(format)``: a filter is called directly, where the
    # method call ``moment.strftime(format)`` goes through Jinja's context.call.
    app.jinja_env.filters["strftime"] = datetime.strftime
