"""Helpers the templates call."""

from __future__ import annotations

from flask import Flask


def breadcrumb_list_elements(items: list[tuple[str, str]]) -> list[dict]:
    """schema.org ListItems for a breadcrumb trail of (label, absolute URL)."""
    return [
        {"@type": "ListItem", "position": position, "name": label, "item": url}
        for position, (label, url) in enumerate(items, start=1)
    ]


def register(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["breadcrumb_list_elements"] = breadcrumb_list_elements
