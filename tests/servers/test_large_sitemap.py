"""A blog past the protocol's 50,000 addresses, served by gunicorn: /sitemap.xml is an index of valid files.

The database is generated as the bench generates it (``flask bench seed``):
52,000 articles, one in fifty a draft, in 20 categories, so 50,981 addresses
with the home page. One file of them all would be refused by search engines
(sitemaps.org: at most 50,000 URLs and 50 MB a file). The test uses its own
SQLite file on either database run: 52,000 articles in the shared test
database would change every other test's blog.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from helpers.servers import REPOSITORY, Browser, free_port, server_environment, start_server, stop_server

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLES, CATEGORIES, DRAFT_EVERY = 52_000, 20, 50
PROTOCOL_MAX_URLS, PROTOCOL_MAX_BYTES = 50_000, 50 * 1024 * 1024


@pytest.fixture(scope="module")
def big_blog(tmp_path_factory) -> str:
    """A SQLite file with the bench's generated blog of ARTICLES articles and no comments."""
    folder = tmp_path_factory.mktemp("big-blog")
    url = f"sqlite:///{folder / 'big.sqlite3'}"
    env = server_environment(url, folder, free_port(), 1, {})
    flask = [sys.executable, "-m", "flask", "--app", "blogapp"]
    for arguments in (["db", "upgrade"], ["bench", "seed", "--articles", str(ARTICLES), "--comments", "0"]):
        result = subprocess.run([*flask, *arguments], cwd=REPOSITORY, env=env, capture_output=True, text=True,
                                timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr
    return url


def fetch(url: str) -> tuple[ET.Element, int]:
    page = Browser().get(url)
    assert page.status == 200, url
    return ET.fromstring(page.text.encode()), len(page.text.encode())


def test_past_50000_addresses_the_sitemap_is_an_index_of_files_search_engines_accept(big_blog, tmp_path):
    server = start_server(big_blog, tmp_path, workers=1)
    try:
        index, _ = fetch(server.url + "/sitemap.xml")
        assert index.tag == f"{SITEMAP}sitemapindex"
        files = [entry.findtext(f"{SITEMAP}loc") for entry in index]
        assert files == [f"{server.url}/sitemap-1.xml", f"{server.url}/sitemap-2.xml"]
        addresses: list[str] = []
        for file in files:
            urlset, size = fetch(file)
            assert urlset.tag == f"{SITEMAP}urlset"
            assert len(urlset) <= PROTOCOL_MAX_URLS and size <= PROTOCOL_MAX_BYTES
            addresses += [url.findtext(f"{SITEMAP}loc") for url in urlset]
    finally:
        stop_server(server)
    published = ARTICLES - ARTICLES // DRAFT_EVERY
    assert len(addresses) == len(set(addresses)) == 1 + CATEGORIES + published
    assert sum("/articles/" in address for address in addresses) == published
    assert all(address.startswith(server.url + "/") for address in addresses)
