"""Every default, gathered from the areas that document them."""

from __future__ import annotations

from .caching import CachingDefaults
from .commenter_mail import CommenterMailDefaults
from .comments import CommentDefaults
from .database import DatabaseDefaults
from .mail import MailDefaults
from .media import MediaDefaults
from .observability import ObservabilityDefaults
from .privacy import PrivacyDefaults
from .publishing import PublishingDefaults
from .site import SiteDefaults
from .spam import SpamDefaults
from .web import WebDefaults


class Defaults(
    WebDefaults,
    DatabaseDefaults,
    SiteDefaults,
    CachingDefaults,
    CommentDefaults,
    SpamDefaults,
    MailDefaults,
    CommenterMailDefaults,
    PrivacyDefaults,
    PublishingDefaults,
    MediaDefaults,
    ObservabilityDefaults,
):
    """Settings every deployment starts from (each area's, in one class)."""
