"""Links are built once and remembered; they must still follow the site's root and host."""

from __future__ import annotations

from blogapp.extensions import db


def test_links_follow_the_mount_point_and_host_of_each_request(client, make):
    article = make.article(title="Lighthouse log")
    mounted = client.get("/", environ_overrides={"SCRIPT_NAME": "/blog"}).get_data(as_text=True)
    plain = client.get("/").get_data(as_text=True)
    assert f'href="/blog/articles/{article.slug}/"' in mounted
    assert f'href="/articles/{article.slug}/"' in plain and "/blog/articles/" not in plain
    # Absolute addresses (feeds) too, in either order.
    plain_feed = client.get("/feed.atom").get_data(as_text=True)
    mounted_feed = client.get("/feed.atom", environ_overrides={"SCRIPT_NAME": "/blog"}).get_data(as_text=True)
    assert f"http://blog.test/articles/{article.slug}/" in plain_feed and "/blog/articles/" not in plain_feed
    assert f"http://blog.test/blog/articles/{article.slug}/" in mounted_feed


def test_a_renamed_slug_links_to_its_new_address(client, make):
    article = make.article(title="Old name")
    assert f'href="/articles/{article.slug}/"' in client.get("/").get_data(as_text=True)
    article.slug = "new-name"
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert 'href="/articles/new-name/"' in page
