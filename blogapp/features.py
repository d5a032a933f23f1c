"""The blueprints, one per feature, in the order their pages were added."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    from .auth.views import bp as auth
    from .blog.commenting import bp as comments
    from .blog.own_comment import bp as own_comment
    from .blog.reporting import bp as reports
    from .blog.views import bp as blog
    from .commenters.mail_views import bp as comment_mail
    from .commenters.views import bp as privacy
    from .desk.article_removal import bp as article_removal
    from .desk.category_views import bp as categories
    from .desk.media_views import bp as media_desk
    from .desk.views import bp as desk
    from .feeds.views import bp as feeds
    from .health.views import bp as health
    from .media.views import bp as media
    from .mail.views import bp as outbox_page
    from .moderation.blocklist_views import bp as blocklist
    from .moderation.link_views import bp as moderator_links
    from .moderation.views import bp as moderation
    from .search.views import bp as search

    for blueprint in (auth, blog, categories, comments, desk, feeds, health, moderation, privacy, search,
                      own_comment, comment_mail, moderator_links, outbox_page, blocklist, reports):
        app.register_blueprint(blueprint)
    # The media library: the desk's pages and the image files.
    app.register_blueprint(media_desk)
    app.register_blueprint(media)
    app.register_blueprint(article_removal)
