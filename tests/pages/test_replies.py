"""Threaded replies: the no-JavaScript reply link, nesting depth, one query."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from blogapp.extensions import db
from blogapp.storage.models import Comment, CommentStatus

from helpers.statements import counted_statements


@pytest.fixture
def article(make):
    return make.article(title="Threads")


def chain(make, article, length: int) -> list[Comment]:
    """Approved comments each replying to the one before."""
    comments: list[Comment] = []
    for n in range(length):
        parent = comments[-1].id if comments else None
        comments.append(make.comment(article, f"Level {n}", parent_id=parent, author_name=f"Author {n}"))
    return comments


def nesting(html: str) -> dict[str, int]:
    """How deep each comment's text sits in nested reply lists."""
    depths, depth = {}, 0
    section = html[html.index('<section id="comments"'):]
    for token in re.finditer(r'<ol class="comment-replies">|</ol>|<p>(Level \d+|Reply \w+)</p>', section):
        if token.group(0).startswith("<ol"):
            depth += 1
        elif token.group(0) == "</ol>":
            depth -= 1
        else:
            depths[token.group(1)] = depth
    return depths


def test_reply_link_works_without_javascript(client, make, post_comment, article):
    top = make.comment(article, "Level 0", author_name="Ana")
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    link = f"/articles/{article.slug}/?reply_to={top.id}#comment-form"
    assert f'href="{link}"' in page
    form_page = client.get(link.split("#")[0]).get_data(as_text=True)
    assert "<h2>Reply to Ana</h2>" in form_page
    assert f'name="reply_to" type="hidden" value="{top.id}"' in form_page
    assert post_comment(article, page_url=link.split("#")[0], body="Reply one").status_code == 303
    reply = db.session.scalar(select(Comment).where(Comment.body_raw == "Reply one"))
    assert (reply.parent_id, reply.status) == (top.id, CommentStatus.PENDING)
    # The author sees their pending reply in place, under the comment.
    assert nesting(client.get(f"/articles/{article.slug}/").get_data(as_text=True))["Reply one"] == 1


def test_replies_nest_to_the_configured_depth(client, make, article):
    chain(make, article, 5)
    html = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert nesting(html) == {"Level 0": 0, "Level 1": 1, "Level 2": 2, "Level 3": 2, "Level 4": 2}


def test_a_reply_to_the_deepest_level_attaches_there(app, make, post_comment, article):
    levels = chain(make, article, 3)
    post_comment(article, page_url=f"/articles/{article.slug}/?reply_to={levels[2].id}", body="Reply deep")
    reply = db.session.scalar(select(Comment).where(Comment.body_raw == "Reply deep"))
    assert reply.parent_id == levels[1].id
    app.config["COMMENT_THREAD_DEPTH"] = 1
    post_comment(article, page_url=f"/articles/{article.slug}/?reply_to={levels[2].id}", body="Reply flat")
    assert db.session.scalar(select(Comment.parent_id).where(Comment.body_raw == "Reply flat")) is None


@pytest.mark.parametrize("status", [CommentStatus.PENDING, CommentStatus.SPAM, CommentStatus.TRASH])
def test_replies_only_to_approved_comments_of_this_article(client, make, post_comment, article, status):
    hidden = make.comment(article, "Not visible", status=status)
    other = make.comment(make.article(), "Elsewhere")
    for target in (hidden.id, other.id, 999999):
        response = post_comment(article, reply_to=str(target), body=f"Reply to {target}")
        assert response.status_code == 400
        assert "The comment you are replying to is no longer available" in response.get_data(as_text=True)
    assert post_comment(article, reply_to="abc").status_code == 400
    assert db.session.scalar(select(Comment).where(Comment.body_raw.like("Reply%"))) is None
    # A stale reply link just shows the ordinary form.
    page = client.get(f"/articles/{article.slug}/?reply_to={hidden.id}").get_data(as_text=True)
    assert "<h2>Leave a comment</h2>" in page


def test_a_reply_whose_parent_is_hidden_stands_alone(client, make, article):
    parent = make.comment(article, "Level 0")
    make.comment(article, "Level 1", parent_id=parent.id)
    parent.status = CommentStatus.TRASH
    db.session.commit()
    assert nesting(client.get(f"/articles/{article.slug}/").get_data(as_text=True)) == {"Level 1": 0}


def test_article_page_loads_all_replies_in_one_query(client, make, article):
    chain(make, article, 2)
    with counted_statements() as few:
        client.get(f"/articles/{article.slug}/")
    chain(make, article, 12)
    for _ in range(8):
        make.comment(article, "Another top-level comment")
    with counted_statements() as many:
        html = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert html.count('class="comment') >= 22
    assert len(many) == len(few)
    assert sum("FROM comments" in s for s in many) == 1
