"""The whole loop: a reader posts, a moderator approves, everyone sees it."""

from __future__ import annotations

from helpers.accounts import PASSWORD
from helpers.forms import csrf_token_from


def test_reader_posts_moderator_approves_everyone_sees(app, make, client, post_comment):
    article = make.article(title="The loop")
    make.user("mia")
    response = post_comment(article, name="Ana", body="First!")
    assert response.status_code == 303

    stranger = app.test_client()
    assert "First!" not in stranger.get(f"/articles/{article.slug}/").get_data(as_text=True)

    moderator = app.test_client()
    login = moderator.get("/moderation/", follow_redirects=True)
    signed_in = moderator.post(login.request.url, data={"username": "mia", "password": PASSWORD})
    assert signed_in.headers["Location"] == "/moderation/"
    queue = moderator.get("/moderation/").get_data(as_text=True)
    assert "First!" in queue and '<span class="badge">1<' in queue
    comment_id = int(queue.split('name="ids" value="')[1].split('"')[0])
    done = moderator.post(f"/moderation/comments/{comment_id}/approve",
                          data={"csrf_token": csrf_token_from(queue), "tab": "pending", "page": "1"},
                          follow_redirects=True)
    assert "1 comment approved." in done.get_data(as_text=True)

    page = stranger.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert "First!" in page and "1 comment<" in page
    # The reader sees it as published now, no longer as their pending comment.
    assert "Only you can see it" not in client.get(f"/articles/{article.slug}/").get_data(as_text=True)
