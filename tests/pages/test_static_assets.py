"""Static files: content-hashed names kept a year; plain names revalidated."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import blogapp

STYLE = Path(blogapp.__file__).parent / "static" / "style.css"


def stylesheet_url(html: str) -> str:
    return re.search(r'<link rel="stylesheet" href="([^"]+)">', html).group(1)


def test_pages_link_the_stylesheet_by_its_content_digest(client):
    url = stylesheet_url(client.get("/").get_data(as_text=True))
    digest = hashlib.sha256(STYLE.read_bytes()).hexdigest()[:12]
    assert url == f"/static/style.{digest}.css"
    response = client.get(url)
    assert response.status_code == 200 and response.data == STYLE.read_bytes()
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable and response.cache_control.public


def test_plain_and_outdated_names_are_revalidated(client):
    for url in ("/static/style.css", "/static/style.0123456789ab.css"):
        response = client.get(url)
        assert response.status_code == 200 and response.data == STYLE.read_bytes(), url
        assert response.cache_control.no_cache and not response.cache_control.immutable
    etag = client.get("/static/style.css").headers["ETag"]
    assert client.get("/static/style.css", headers={"If-None-Match": etag}).status_code == 304


def test_unknown_files_are_not_found(client):
    assert client.get("/static/missing.0123456789ab.css").status_code == 404
    assert client.get("/static/missing.css").status_code == 404
