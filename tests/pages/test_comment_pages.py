"""Articles with many comments show them fifty threads to a page, with links."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import Comment, CommentStatus

from helpers.statements import add_comments


@pytest.fixture
def app_config():
    return {"COMMENT_THREADS_PER_PAGE": 5}


def shown(html: str) -> list[str]:
    return re.findall(r"<p>(Comment \d+|[A-Z][\w ]+ reply)</p>", html)


def test_threads_are_paged_oldest_first_with_links(client, make):
    article = make.article(slug="busy")
    add_comments(article, 12)
    first = client.get("/articles/busy/").get_data(as_text=True)
    assert shown(first) == [f"Comment {n}" for n in range(5)]
    assert "12 comments" in first and "Page 1 of 3" in first
    assert 'href="/articles/busy/?page=2#comments">2</a>' in first
    assert 'href="/articles/busy/?page=3#comments">3</a>' in first
    last = client.get("/articles/busy/?page=3").get_data(as_text=True)
    assert shown(last) == ["Comment 10", "Comment 11"]
    assert 'aria-current="page">3</a>' in last
    assert client.get("/articles/busy/?page=4").status_code == 404
    assert client.get("/articles/busy/?page=0").status_code == 404


def test_a_thread_keeps_its_replies_on_its_page(client, make):
    article = make.article(slug="threads")
    add_comments(article, 12, replies_every=2)
    html = client.get("/articles/threads/?page=2").get_data(as_text=True)
    # Comments 2, 4, ... answer the one before: threads [0], [1 2], [3 4] ... [9 10], [11].
    assert shown(html) == ["Comment 9", "Comment 10", "Comment 11"]
    assert html.count('<ol class="comment-replies">') == 1
    first = client.get("/articles/threads/").get_data(as_text=True)
    assert shown(first) == [f"Comment {n}" for n in range(9)]
    assert first.count('<ol class="comment-replies">') == 4


def test_reply_links_and_posting_stay_on_the_comment_page(client, make, post_comment):
    article = make.article(slug="reply-here")
    add_comments(article, 7)
    target = db.session.scalar(select(Comment).where(Comment.body_raw == "Comment 6"))
    page = client.get("/articles/reply-here/?page=2").get_data(as_text=True)
    link = f"/articles/reply-here/?page=2&amp;reply_to={target.id}#comment-form"
    assert f'href="{link}"' in page
    response = post_comment(article, page_url=link.replace("&amp;", "&").split("#")[0], body="Late reply")
    assert response.status_code == 303
    reply = db.session.scalar(select(Comment).where(Comment.body_raw == "Late reply"))
    assert response.headers["Location"].endswith(f"/articles/reply-here/?page=2#comment-{reply.id}")
    html = client.get("/articles/reply-here/?page=2").get_data(as_text=True)
    assert "Your comment is awaiting moderation" in html and "Late reply" in html
    assert "Late reply" not in client.get("/articles/reply-here/").get_data(as_text=True)


def test_a_new_comment_is_shown_to_its_author_on_the_last_page(client, make, post_comment):
    article = make.article(slug="new-one")
    add_comments(article, 11)
    response = post_comment(article, body="My new comment")
    assert response.status_code == 303
    assert "/articles/new-one/?page=3#comment-" in response.headers["Location"]
    assert "My new comment" in client.get("/articles/new-one/?page=3").get_data(as_text=True)
    assert "My new comment" not in client.get("/articles/new-one/").get_data(as_text=True)


def heading_and_pages(client, url: str) -> tuple[str, str | None]:
    html = client.get(url).get_data(as_text=True)
    pages = re.search(r"Page \d+ of \d+", html)
    return re.search(r'<h2 id="comments-heading">([^<]+)</h2>', html).group(1), pages and pages.group(0)


def test_counts_and_pages_follow_moderation_and_replies_of_a_hidden_comment_start_threads(
    client, make, post_form, sign_in
):
    make.user("mia")
    sign_in("mia")
    article = make.article(slug="counted")
    add_comments(article, 5)
    add_comments(make.article(slug="elsewhere"), 3)  # counted apart: never in the first article's figures
    question = make.comment(article, "A question", status=CommentStatus.PENDING)
    for n in range(3):
        make.comment(article, f"Answer {n}", parent_id=question.id)
    assert heading_and_pages(client, "/articles/counted/") == ("8 comments", "Page 1 of 2")
    post_form("/moderation/", f"/moderation/comments/{question.id}/approve", {"tab": "pending", "page": "1"})
    # The approved question gathers its answers into one thread: 6 threads, 9 comments.
    assert heading_and_pages(client, "/articles/counted/") == ("9 comments", "Page 1 of 2")
    first = db.session.scalar(select(Comment).where(Comment.body_raw == "Comment 0", Comment.article_id == article.id))
    post_form("/moderation/?tab=approved", f"/moderation/comments/{first.id}/spam", {"tab": "approved", "page": "1"})
    assert heading_and_pages(client, "/articles/counted/") == ("8 comments", None)
    post_form("/moderation/?tab=approved", f"/moderation/comments/{question.id}/spam", {"tab": "approved", "page": "1"})
    assert heading_and_pages(client, "/articles/counted/") == ("7 comments", "Page 1 of 2")
    assert client.get("/articles/counted/?page=2").status_code == 200
    assert heading_and_pages(client, "/articles/elsewhere/") == ("3 comments", None)


def test_every_thread_is_on_exactly_one_page_read_from_either_end(client, make):
    # Pages in the second half are read from the newest thread back; together
    # the pages still show every thread once, in order.
    article = make.article(slug="long")
    add_comments(article, 23, replies_every=4)  # 18 threads: 4 pages of 5, 5, 5 and 3
    pages = [shown(client.get(f"/articles/long/?page={n}").get_data(as_text=True)) for n in range(1, 5)]
    assert [comment for page in pages for comment in page] == [f"Comment {n}" for n in range(23)]
    assert [len(page) for page in pages] == [6, 7, 6, 4]  # threads and their replies
    assert client.get("/articles/long/?page=5").status_code == 404
