"""The blog's data: categories, articles, reader comments and staff users.

One module per aggregate: ``users`` (staff users and their sessions),
``articles`` (articles, categories and the slugs they had before),
``comments``, ``audit`` (the moderation log), ``outbox`` (mail to send),
``moderator_mail`` (held comments for the digest), ``periodic`` (the sender's
periodic jobs),
``spam`` (what the spam filter learnt), ``blocking`` (block lists and bans),
``reports`` (readers' reports of comments); ``columns`` holds what they share.
Every name the rest of blogapp uses is imported here, so code says
``from blogapp.storage.models import Comment`` whichever module defines it.
"""

from .articles import Article, ArticleSlugRedirect, ArticleStatus, Category, CategorySlugRedirect, Premoderation
from .audit import AuditEntry
from .blocking import Ban, BanMove, BlockEntry, BlockKind, BlockSeed
from .columns import NEVER_REUSE_IDS, key_digest, utcnow
from .comments import Comment, CommentStatus, text_digest
from .media import MEDIA_URL, MediaImage, article_images, images_shown_in
from .confirmations import Confirmation
from .moderator_mail import HeldNotice
from .outbox import OutboxMail
from .periodic import PeriodicRun
from .reports import CommentReport
from .spam import TOTALS_TOKEN, SpamToken
from .subscriptions import Subscription
from .users import Role, StaffSession, User

__all__ = [
    "NEVER_REUSE_IDS",
    "Article",
    "ArticleSlugRedirect",
    "ArticleStatus",
    "AuditEntry",
    "Ban",
    "BanMove",
    "BlockEntry",
    "BlockKind",
    "BlockSeed",
    "Category",
    "CategorySlugRedirect",
    "Comment",
    "MEDIA_URL",
    "MediaImage",
    "article_images",
    "images_shown_in",
    "CommentReport",
    "CommentStatus",
    "Confirmation",
    "HeldNotice",
    "OutboxMail",
    "PeriodicRun",
    "Premoderation",
    "Role",
    "SpamToken",
    "StaffSession",
    "Subscription",
    "TOTALS_TOKEN",
    "User",
    "key_digest",
    "text_digest",
    "utcnow",
]
