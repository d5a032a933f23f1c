"""Readers posting comments as fast as the server accepts them.

One reader's session posts different comments to one article with wrk: each
answer must be the 303 of an accepted comment. The form is fetched first and
the bench waits out the "too fast" rule (COMMENT_MIN_SECONDS), as a person
would; only the per-client rate limit is raised, since every request comes
from 127.0.0.1.
"""

from __future__ import annotations

import re
import time
from urllib.parse import quote

from sqlalchemy import create_engine, func, select

from blogapp.storage.models import Comment

from . import load
from .run import ARTICLE, Bench, Browser, memory_note, stop_server

POST_LUA = """
local counter = 0
-- Every run, thread and request posts a text of its own: no duplicate is refused.
math.randomseed(os.time())
setup = function(thread) thread:set("tag", tostring(math.random(1, 1000000000))) end
request = function()
  counter = counter + 1
  local body = FORM .. "&body=Bench+comment+" .. tag .. "+" .. counter
  return wrk.format("POST", PATH, {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = COOKIE,
                                   ["Origin"] = ORIGIN, ["Sec-Fetch-Site"] = "same-origin"}, body)
end
"""


def comment_lua(page_html: str, cookie: str, path: str, origin: str) -> str:
    """wrk's script: the page's hidden fields (a CSRF token only if the page has one), the
    reader's cookie, and the Origin and Sec-Fetch-Site a browser sends with a form."""
    fields = dict(re.findall(r'name="(csrf_token|rendered)" type="hidden" value="([^"]*)"', page_html))
    form = "&".join(f"{name}={quote(value)}" for name, value in fields.items())
    form += "&name=Bench+reader&email=bench%40example.org&website=&homepage=&reply_to="
    return f'FORM = "{form}"\nCOOKIE = "{cookie}"\nPATH = "{path}"\nORIGIN = "{origin}"\n' + POST_LUA


def stored_comments(database_url: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count(Comment.id)))
    engine.dispose()
    return count


def comment_posts(bench: Bench, database_url: str, label: str, article: str = ARTICLE) -> None:
    """Readers posting to ``article`` (its path) as fast as the server takes them."""
    if not load.have_wrk():
        bench.notes.append(f"{label}: skipped (needs wrk)")
        return
    folder = "posting-" + "".join(c if c.isalnum() else "-" for c in label)
    server = bench.serve(database_url, folder, COMMENT_RATE_LIMIT="1000000 per minute")
    try:
        reader = Browser()
        page = reader.get(server.url + article)
        cookie = "; ".join(f"{c.name}={c.value}" for c in reader.cookies)
        time.sleep(3.5)  # the form's render time must be older than COMMENT_MIN_SECONDS
        before = stored_comments(database_url)
        lua = comment_lua(page.text, cookie, article + "comments", server.url)
        result, baseline = bench.run_pair(server.url + article + "comments", warm_up=False, lua=lua)
        stored = stored_comments(database_url) - before
        bench.rows.append((label, result, baseline))
        bench.notes.append(f"{label}: {result.requests:,} posted, {stored:,} stored "
                           f"({stored / result.seconds:,.0f}/s), {result.errors} errors")
        print(f"  {label}: {result.rate:,.0f} req/s, {stored:,} stored, {result.errors} errors", flush=True)
        # These workers have cleaned and stored comments, which loads what page views never need.
        bench.notes.append(memory_note(f"after {label}", server))
    finally:
        stop_server(server)
