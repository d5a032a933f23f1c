"""Every kind of page a person can reach, and how a browser gets there.

The accessibility, HTML-validity and layout checks (tests/browser/test_pages_in_browser.py)
visit each entry. A new feature adds its pages here. ``path`` is filled from
``site.Site``; a page that only a form leads to names the form's fields (by
``name``) and the button to press, and ``forged_token`` spoils the form's CSRF
token first (the 400 page that keeps the text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from blogapp.storage.models import Role


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    role: Role | None = None
    status: int = 200
    # For pages reached by sending a form from ``path``: field name -> value, and the button.
    fill: dict = field(default_factory=dict)
    button: str | None = None
    forged_token: bool = False


COMMENT = {"name": "Ada", "email": "ada@example.org", "body": "A comment I would hate to lose."}

PAGES = [
    PageType("home", "/"),
    PageType("category", "/category/{category_slug}/"),
    PageType("article with comments", "/articles/{slug}/"),
    PageType("article, replying", "/articles/{slug}/?reply_to={comment_id}"),
    PageType("article, form errors", "/articles/{slug}/", status=400, fill={"name": "", "body": ""},
             button="Post comment"),
    PageType("article, own pending comment", "/articles/{slug}/", fill=COMMENT, button="Post comment"),
    # Only a signed-in author's comment form carries a token (readers' pages are shared).
    PageType("expired form (400)", "/articles/{slug}/", role=Role.MODERATOR, status=400, fill=COMMENT,
             button="Post comment", forged_token=True),
    PageType("a comment's private page", "/comments/{comment_token}/"),
    PageType("private page, blank edit", "/comments/{comment_token}/", status=400, fill={"body": "   "},
             button="Save my changes"),
    PageType("privacy", "/privacy/"),
    PageType("privacy, check your mail", "/privacy/asked/export"),
    PageType("privacy, export link", "/privacy/export/{export_token}/"),
    PageType("privacy, erasure link", "/privacy/erase/{erase_token}/"),
    PageType("privacy, erased", "/privacy/erased/"),
    PageType("privacy, dead link (404)", "/privacy/erase/not-a-token/", status=404),
    PageType("comment mail, confirm", "/mail/confirm/{confirm_token}"),
    PageType("comment mail, confirmed", "/mail/confirm/{confirm_token}", button="Yes, send me that mail"),
    PageType("comment mail, stop one", "/mail/unsubscribe/{unsubscribe_token}"),
    PageType("comment mail, stopped", "/mail/unsubscribe/{unsubscribe_token}", button="Stop this mail"),
    PageType("comment mail, stop all", "/mail/stop-all/{stop_all_token}"),
    PageType("comment mail, all stopped", "/mail/stop-all/{stop_all_token}", button="Stop all mail to me"),
    PageType("comment mail, dead link (404)", "/mail/stop-all/not-a-token", status=404),
    PageType("not found (404)", "/no-such-page", status=404),
    PageType("sign-in", "/auth/login"),
    PageType("sign-in, wrong password", "/auth/login", status=400,
             fill={"username": "nobody", "password": "wrong"}, button="Sign in"),
    PageType("search results", "/search?q=privacy"),
    PageType("search, nothing found", "/search?q=zebra"),
    PageType("moderation queue", "/moderation/", role=Role.MODERATOR),
    PageType("moderation, approved tab", "/moderation/?tab=approved", role=Role.MODERATOR),
    PageType("moderation, one comment", "/moderation/comments/{comment_id}/", role=Role.MODERATOR),
    PageType("moderation, audit log", "/moderation/log/", role=Role.ADMIN),
    PageType("moderation, block lists", "/moderation/blocklist/", role=Role.MODERATOR),
    PageType("desk, article list", "/desk/", role=Role.EDITOR),
    PageType("desk, new article", "/desk/articles/new", role=Role.EDITOR),
    PageType("desk, edit article", "/desk/articles/{article_id}/edit", role=Role.EDITOR),
    PageType("desk, form errors", "/desk/articles/new", role=Role.EDITOR, status=400, fill={"title": ""},
             button="Save"),
    PageType("desk, media library", "/desk/media/", role=Role.EDITOR),
    PageType("desk, delete an article?", "/desk/articles/{article_id}/delete", role=Role.EDITOR),
    PageType("categories", "/desk/categories/", role=Role.EDITOR),
    PageType("category, edit", "/desk/categories/{category_id}/edit", role=Role.EDITOR),
]
