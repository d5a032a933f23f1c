"""What a list of articles shows of each one, with its addresses and dates written out.

Listing pages repeat one card per article (templates/blog/_cards.html). Built
in the template through ``url_for`` and date filters, the cards cost more
than the rest of the page's markup; built in one pass here, from addresses
and dates remembered across requests, they cost a few look-ups each. The
template writes them out, escaping them as it escapes anything.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import NamedTuple, Sequence

from markupsafe import Markup

from ..storage.models import Article
from ..web.routing import address_maker
from ..web.templating import w3c_datetime
from .listing import ArticleSummary

READING_DATE = "%-d %B %Y"


class ArticleCard(NamedTuple):
    url: str
    title: str
    published_w3c: str  # for <time datetime=...>: 2026-10-02T09:00:00Z
    published_on: str  # for readers: 2 October 2026
    category_url: str
    category_name: str
    text: str | Markup  # under the title: the summary, or a search result's extract
    comments: str  # "3 comments", or "" for none


def article_cards(
    articles: Sequence[ArticleSummary | Article], texts: Sequence[Markup] | None = None
) -> list[ArticleCard]:
    """Cards for ``articles`` (listing rows or Article objects), in their order.

    ``texts``: what each card shows instead of its article's summary.
    """
    article_url = address_maker("blog.article", "slug")
    category_url = address_maker("blog.category", "slug")
    if texts is None:
        texts = [article.summary for article in articles]
    return [
        ArticleCard(article_url(article.slug), article.title, *publication_dates(article.published_at),
                    category_url(article.category.slug), article.category.name, text,
                    comment_count(article.approved_comments))
        for article, text in zip(articles, texts)
    ]


@functools.lru_cache(maxsize=256)
def comment_count(number: int) -> str:
    if not number:
        return ""
    return "1 comment" if number == 1 else f"{number:,} comments"


@functools.lru_cache(maxsize=2048)
def publication_dates(moment: datetime) -> tuple[str, str]:
    """``moment`` for <time datetime=...> and for readers, remembered: the
    articles of the first listing pages come back on every request."""
    return w3c_datetime(moment), moment.strftime(READING_DATE)
