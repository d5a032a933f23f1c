"""Helpers shared by the publishing tests: signing in and reading pages."""

from __future__ import annotations

import re

from blogapp.storage.models import Role

from .accounts import PASSWORD


def sign_in(make, post_form, role: Role = Role.EDITOR, username: str | None = None):
    """Create a staff user with ``role`` and sign the test client in as them."""
    user = make.user(username=username or role.value, role=role, password=PASSWORD)
    response = post_form("/auth/login", "/auth/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)
    return user


def article_form(category_id: int, **fields) -> dict:
    """What the desk's article form sends, with sensible values."""
    data = {
        "title": "A new article",
        "slug": "",
        "category": str(category_id),
        "summary": "A short summary.",
        "body": "Some *Markdown* text.",
        "status": "published",
        "publish_at": "",
        "comments_open": "y",
        "version": "",
    }
    data.update(fields)
    return data


def article_block(html: str) -> str:
    """The ``<article class="article">`` element of a reader's page."""
    match = re.search(r'<article class="article">.*?</article>', html, re.DOTALL)
    assert match, "the page has no article"
    return match.group(0)
