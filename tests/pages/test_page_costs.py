"""A page sends the same few SQL statements however much content there is."""

from __future__ import annotations

import re

from helpers.statements import add_articles, add_comments, counted_statements


def older_link(html: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)">Older articles</a>', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_article_page_costs_the_same_with_ten_or_ten_thousand_comments(client, make):
    small, large = make.article(slug="small"), make.article(slug="large")
    add_comments(small, 10)
    add_comments(large, 10_000, replies_every=3)
    counts = []
    for url in ("/articles/small/", "/articles/large/", "/articles/large/?page=100"):
        with counted_statements() as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(statements))
    assert counts[0] == counts[1] == counts[2] <= 4, counts
    html = client.get("/articles/large/").get_data(as_text=True)
    assert "10,000 comments" in html


def test_home_page_costs_the_same_on_page_one_and_page_five_thousand(app, client, make):
    app.config["ARTICLES_PER_PAGE"] = 2
    add_articles(make.category().id, 10_002)
    with counted_statements() as first:
        html = client.get("/").get_data(as_text=True)
    # Follow "Older articles" 4,999 times the quick way: jump to the cursor of
    # the 9,998th article, as the link on page 4,999 names it.
    from blogapp.blog.listing import cursor_for
    from blogapp.extensions import db
    from blogapp.storage.models import Article

    article = db.session.scalars(Article.published().offset(9_997).limit(1)).one()
    url = f"/?before={cursor_for(article)}"
    with counted_statements() as deep:
        deep_html = client.get(url).get_data(as_text=True)
    assert len(first) == len(deep) == 1, (first, deep)
    assert "bulk 9998" in deep_html and "bulk 9999" in deep_html
    assert older_link(html) and older_link(deep_html)


def test_a_category_page_reads_its_category_and_articles_in_one_statement(client, make):
    category = make.category(slug="guides")
    add_articles(category.id, 30)
    make.category(slug="empty")
    with counted_statements() as first:
        html = client.get("/category/guides/").get_data(as_text=True)
    with counted_statements() as older:
        assert client.get(older_link(html)).status_code == 200
    # A page without articles has no row to read its category from: it looks it up.
    with counted_statements() as empty:
        assert client.get("/category/empty/").status_code == 200
    assert (len(first), len(older), len(empty)) == (1, 1, 2)


def test_listing_pages_give_their_database_connection_back(client, make):
    from blogapp.extensions import db

    category = make.category(slug="guides")
    add_articles(category.id, 30)
    for url in ("/", "/category/guides/", "/category/guides/?before=bad", "/category/missing/") * 3:
        client.get(url)
        assert db.engine.pool.checkedout() <= 1  # the test's own session may hold one
    db.session.remove()
    assert db.engine.pool.checkedout() == 0


def test_posting_reads_neither_the_whole_thread_nor_its_count(app, make):
    """Neither the duplicate check nor the thread count may read every comment of a busy article,
    inside the write transaction that every other post waits for."""
    from blogapp.comments.posting import _published_article
    from blogapp.extensions import db
    from blogapp.storage.models import text_digest, utcnow

    article = make.article(slug="busy")
    add_comments(article, 500)
    connection = db.session.connection()
    compiled = _published_article().compile(dialect=connection.dialect)
    params = compiled.construct_params(
        {"slug": "busy", "now": utcnow(), "text": "Comment 7", "digest": text_digest("Comment 7")}
    )
    if connection.dialect.name == "postgresql":
        # With 500 rows a sequential scan is cheaper; the question is whether the index serves the check.
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = connection.exec_driver_sql(f"EXPLAIN {compiled.string}", params).scalars().all()
    else:
        positional = tuple(params[name] for name in compiled.positiontup)
        plan = [row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}", positional)]
    assert any("ix_comments_article_body_digest" in line for line in plan), plan
    # Nor does it count the thread's comments: the article row has the counts.
    assert not any("ix_comments_article_status_created_at" in line for line in plan), plan
    assert connection.execute(_published_article(), params).one().already_posted
