"""``flask bench seed``: a large blog, written fast, that reads like a real one."""

from __future__ import annotations

from sqlalchemy import func, select

from blogapp.extensions import db
from blogapp.storage.models import Article, Comment, CommentStatus
from blogapp.text.markdown import render_article_body
from blogapp.text.sanitize import clean_comment


def test_seed_writes_what_it_says_and_pages_show_it(client, runner):
    result = runner.invoke(args=["bench", "seed", "--articles", "40", "--comments", "2300"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Article.id))) == 40
    assert db.session.scalar(select(func.count(Comment.id))) == 2300
    big = db.session.scalar(select(Article).filter_by(slug="bench-2000-comments"))
    approved = select(func.count(Comment.id)).where(Comment.article_id == big.id, Comment.status == CommentStatus.APPROVED)
    assert db.session.scalar(approved) == 2000
    busy = client.get("/articles/bench-2000-comments/").get_data(as_text=True)
    # Every fourth comment answers the one before: 1,500 threads, 50 a page.
    assert "2,000 comments" in busy and "Page 1 of 30," in busy
    assert "50 comments" in client.get("/articles/bench-50-comments/").get_data(as_text=True)
    # The stored HTML is what the app itself would have made of the text.
    for comment in db.session.scalars(select(Comment).limit(20)):
        assert comment.body_html == clean_comment(comment.body_raw)
    for article in db.session.scalars(select(Article).limit(5)):
        assert article.body_html.replace("\n", "") == render_article_body(article.body_markdown).replace("\n", "")
    word = big.title.split()[1]
    assert big.title in client.get(f"/search?q={big.title}").get_data(as_text=True), word


def test_seed_refuses_a_database_with_articles(runner, make):
    make.article()
    result = runner.invoke(args=["bench", "seed", "--articles", "5", "--comments", "5"])
    assert result.exit_code != 0 and "already has articles" in result.output
    assert db.session.scalar(select(func.count(Article.id))) == 1
