"""Every route of the app, with what a valid request to it looks like.

The bad-input tests (tests/pages/test_bad_input_addresses.py and test_bad_input_forms.py) derive their cases from this
table: wrong methods, odd query values, slug and id tricks, and for forms
missing/forged/expired/foreign CSRF tokens, over-long fields, line breaks in
one-line fields, invalid UTF-8, NUL characters and oversized bodies. A route the app has but this table lacks
fails ``test_every_route_is_in_the_table``: a new feature adds its line here.

Paths are templates filled from ``site.Site`` (``{slug}``, ``{category_id}``...).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from blogapp.storage.models import Role

ARTICLE_FORM = {"title": "A title", "slug": "", "category": "{category_id}", "summary": "Short.",
                "body": "Some *Markdown*.", "status": "draft", "publish_at": "", "comments_open": "y", "version": ""}
ARTICLE_LIMITS = {"title": 200, "slug": 200, "summary": 1000}
ARTICLE_LINES = ("title", "slug")
CATEGORY_FORM = {"name": "Another name", "slug": "", "description": "Described."}
CATEGORY_LIMITS = {"name": 80, "slug": 80, "description": 1000}
CATEGORY_LINES = ("name", "slug")
QUEUE_FORM = {"tab": "pending", "page": "1"}


@dataclass(frozen=True)
class Route:
    endpoint: str
    path: str
    methods: tuple[str, ...] = ("GET",)
    # Who is signed in for the test (the seeded user named after the role).
    role: Role | None = None
    # For POST: the page that shows the form, the form's fields and CSRF field name.
    form_page: str | None = None
    fields: dict = field(default_factory=dict)
    csrf_field: str = "csrf_token"
    # Field -> the longest value the form accepts.
    limits: dict = field(default_factory=dict)
    # Reads ?page=N.
    paged: bool = False
    # Names the test ids, when one endpoint has several lines (its old addresses).
    name: str = ""
    # Fields that hold one line (they end up in mail headers, logs, titles): a line break is refused.
    one_line: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.name or self.endpoint

    @property
    def has_slug(self) -> bool:
        return "slug}" in self.path

    @property
    def has_id(self) -> bool:
        return "_id}" in self.path


ROUTES = [
    Route("auth.login", "/auth/login", ("GET", "POST"), form_page="/auth/login",
          fields={"username": "nobody", "password": "wrong password"}, limits={"username": 80, "password": 200}),
    Route("auth.logout", "/auth/logout", ("POST",), role=Role.MODERATOR, form_page="/"),
    Route("blog.index", "/", paged=True),
    Route("blog.category", "/category/{category_slug}/", paged=True),
    Route("blog.article", "/articles/{slug}/"),
    Route("comments.post_comment", "/articles/{slug}/comments", ("POST",), form_page="/articles/{slug}/",
          fields={"name": "Ada", "email": "ada@example.org", "website": "https://example.org/",
                  "body": "A comment worth keeping."},
          limits={"name": 80, "email": 254, "website": 300, "body": 5000}, one_line=("name", "email", "website")),
    Route("own_comment.show", "/comments/{comment_token}/"),
    Route("own_comment.edit", "/comments/{comment_token}/edit", ("POST",), form_page="/comments/{comment_token}/",
          fields={"body": "Edited words."}, limits={"body": 5000}),
    Route("own_comment.delete", "/comments/{comment_token}/delete", ("POST",), form_page="/comments/{comment_token}/"),
    Route("search.search", "/search?q=privacy", paged=True),
    Route("feeds.blog_feed", "/feed.atom"),
    Route("feeds.category_feed", "/category/{category_slug}/feed.atom"),
    Route("feeds.sitemap", "/sitemap.xml"),
    Route("feeds.sitemap_file", "/sitemap-1.xml"),
    Route("feeds.robots", "/robots.txt"),
    Route("health.healthz", "/healthz"),
    Route("health.livez", "/livez"),
    Route("health.readyz", "/readyz"),
    # Off (404) in the tests' default config; tests/pages/test_metrics.py turns it on.
    Route("metrics.metrics", "/metrics"),
    Route("commenters.privacy", "/privacy/"),
    Route("comment_mail.confirm", "/mail/confirm/{confirm_token}", ("GET", "POST"),
          form_page="/mail/confirm/{confirm_token}"),
    # RFC 8058's one-click POST: the page's button sends what mail providers send.
    Route("comment_mail.one_click", "/mail/unsubscribe/{unsubscribe_token}", ("GET", "POST"),
          form_page="/mail/unsubscribe/{unsubscribe_token}", fields={"List-Unsubscribe": "One-Click"}),
    Route("comment_mail.stop_all", "/mail/stop-all/{stop_all_token}", ("GET", "POST"),
          form_page="/mail/stop-all/{stop_all_token}"),
    Route("commenters.ask_export", "/privacy/export", ("POST",), form_page="/privacy/",
          fields={"email": "reader@example.org"}, limits={"email": 254}, one_line=("email",)),
    Route("commenters.ask_erase", "/privacy/erase", ("POST",), form_page="/privacy/",
          fields={"email": "reader@example.org"}, limits={"email": 254}, one_line=("email",)),
    Route("commenters.asked", "/privacy/asked/export"),
    Route("commenters.confirm_export", "/privacy/export/{export_token}/", ("GET", "POST"),
          form_page="/privacy/export/{export_token}/"),
    Route("commenters.confirm_erase", "/privacy/erase/{erase_token}/", ("GET", "POST"),
          form_page="/privacy/erase/{erase_token}/"),
    Route("commenters.erased", "/privacy/erased/"),
    Route("static", "/static/style.css"),
    Route("queue.index", "/moderation/", role=Role.MODERATOR, paged=True),
    Route("queue.log", "/moderation/log/", role=Role.ADMIN, paged=True),
    Route("queue.comment", "/moderation/comments/{comment_id}/", role=Role.MODERATOR),
    Route("queue.bulk", "/moderation/bulk", ("POST",), role=Role.MODERATOR, form_page="/moderation/?tab=approved",
          fields={**QUEUE_FORM, "action": "trash", "ids": "{comment_id}"}),
    Route("queue.act", "/moderation/comments/{comment_id}/trash", ("POST",), role=Role.MODERATOR,
          form_page="/moderation/?tab=approved", fields=QUEUE_FORM),
    Route("queue.edit", "/moderation/comments/{comment_id}/edit", ("POST",), role=Role.MODERATOR,
          form_page="/moderation/comments/{comment_id}/", csrf_field="edit-csrf_token",
          fields={"edit-body": "Corrected text.", "edit-tab": "pending", "edit-page": "1"},
          limits={"edit-body": 5000}),
    Route("queue.reply", "/moderation/comments/{comment_id}/reply", ("POST",), role=Role.MODERATOR,
          form_page="/moderation/comments/{comment_id}/", csrf_field="reply-csrf_token",
          fields={"reply-body": "A moderator's reply.", "reply-tab": "pending", "reply-page": "1"},
          limits={"reply-body": 5000}),
    Route("mod_links.show", "/moderation/mail/{moderator_link}/"),
    Route("mod_links.act", "/moderation/mail/{moderator_link}/act", ("POST",),
          form_page="/moderation/mail/{moderator_link}/"),
    Route("outbox_page.index", "/admin/outbox/?tab=waiting", role=Role.ADMIN, paged=True),
    Route("outbox_page.retry", "/admin/outbox/{mail_id}/retry", ("POST",), role=Role.ADMIN,
          form_page="/admin/outbox/"),
    Route("blocklist.index", "/moderation/blocklist/", role=Role.MODERATOR),
    Route("blocklist.add", "/moderation/blocklist/add", ("POST",), role=Role.MODERATOR,
          form_page="/moderation/blocklist/", fields={"kind": "host", "value": "pills.example"},
          limits={"value": 254}, one_line=("value",)),
    Route("blocklist.remove", "/moderation/blocklist/{block_entry_id}/remove", ("POST",), role=Role.MODERATOR,
          form_page="/moderation/blocklist/"),
    Route("blocklist.ban", "/moderation/comments/{comment_id}/ban", ("POST",), role=Role.MODERATOR,
          form_page="/moderation/?tab=approved", fields=QUEUE_FORM),
    Route("blocklist.lift", "/moderation/bans/{ban_id}/lift", ("POST",), role=Role.MODERATOR,
          form_page="/moderation/blocklist/", fields={"back": "blocklist"}),
    Route("reports.report_comment", "/comments/{comment_id}/report", ("POST",), form_page="/articles/{slug}/"),
    Route("desk.index", "/desk/", role=Role.EDITOR, paged=True),
    Route("desk.new", "/desk/articles/new", ("GET", "POST"), role=Role.EDITOR, form_page="/desk/articles/new",
          fields=ARTICLE_FORM, limits=ARTICLE_LIMITS, one_line=ARTICLE_LINES),
    Route("desk.edit", "/desk/articles/{article_id}/edit", ("GET", "POST"), role=Role.EDITOR,
          form_page="/desk/articles/{article_id}/edit", fields={**ARTICLE_FORM, "version": "1"},
          limits=ARTICLE_LIMITS, one_line=ARTICLE_LINES),
    Route("desk.preview", "/desk/preview", ("POST",), role=Role.EDITOR, form_page="/desk/articles/new",
          fields=ARTICLE_FORM, limits=ARTICLE_LIMITS, one_line=ARTICLE_LINES),
    Route("media_desk.index", "/desk/media/", role=Role.EDITOR, paged=True),
    Route("media_desk.upload", "/desk/media/upload", ("POST",), role=Role.EDITOR, form_page="/desk/media/",
          fields={"alt_text": "The harbour at dawn."}, limits={"alt_text": 300}, one_line=("alt_text",)),
    Route("media_desk.show", "/desk/media/{image_id}/", role=Role.EDITOR),
    Route("media_desk.edit_alt", "/desk/media/{image_id}/alt", ("POST",), role=Role.EDITOR,
          form_page="/desk/media/{image_id}/", fields={"alt_text": "The harbour at night."}, limits={"alt_text": 300},
          one_line=("alt_text",)),
    Route("media_desk.delete", "/desk/media/{image_id}/delete", ("POST",), role=Role.EDITOR,
          form_page="/desk/media/{image_id}/"),
    Route("media.file", "/media/{image_file}"),
    Route("article_removal.unpublish", "/desk/articles/{article_id}/unpublish", ("POST",), role=Role.EDITOR,
          form_page="/desk/articles/{article_id}/edit"),
    Route("article_removal.delete", "/desk/articles/{article_id}/delete", ("GET", "POST"), role=Role.EDITOR,
          form_page="/desk/articles/{article_id}/delete"),
    Route("categories.index", "/desk/categories/", role=Role.EDITOR),
    Route("categories.new", "/desk/categories/new", ("GET", "POST"), role=Role.EDITOR,
          form_page="/desk/categories/new", fields=CATEGORY_FORM, limits=CATEGORY_LIMITS, one_line=CATEGORY_LINES),
    Route("categories.edit", "/desk/categories/{category_id}/edit", ("GET", "POST"), role=Role.EDITOR,
          form_page="/desk/categories/{category_id}/edit", fields=CATEGORY_FORM, limits=CATEGORY_LIMITS, one_line=CATEGORY_LINES),
    Route("categories.delete", "/desk/categories/{category_id}/delete", ("POST",), role=Role.EDITOR,
          form_page="/desk/categories/"),
]

FORMS = [route for route in ROUTES if "POST" in route.methods]
# Names url_for takes as its own arguments, sent as query parameters to every route: a view that
# passed the query string on to url_for would raise, or build a link to another scheme.
URL_FOR_NAMES = ["_method=PUT", "slug=x", "endpoint=static", "filename=x", "_scheme=javascript",
                 "_scheme=javascript&_external=1", "_external=1", "_anchor=x%22", "page=2&page=3",
                 "_method=POST&slug=x&_scheme=ftp&_external=1&_anchor=x&endpoint=x&page=1&page=2"]
# Old addresses of a renamed article and category: they redirect, keeping only their own parameters.
MOVED = [
    Route("blog.category", "/category/{old_category_slug}/", name="blog.category moved"),
    Route("blog.article", "/articles/{old_slug}/", name="blog.article moved"),
    Route("feeds.category_feed", "/category/{old_category_slug}/feed.atom", name="feeds.category_feed moved"),
]


def by_endpoint(routes):
    """Parametrise a test over ``routes``, each named by its endpoint."""
    return pytest.mark.parametrize("route", routes, ids=[route.id for route in routes])
