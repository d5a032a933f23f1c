"""What a shared page shows, noted while it renders, and which pages a change retires.

A view that renders a shared page names what it shows (``shows``): its
article, the listing it is (the home page's, or a category's), the articles
whose cards it lists. A committed change (``storage.changes.PublicChange``)
retires the tags it touches: a new comment on article X retires "article-X",
so X's page and the listings whose cards show X's comment count, and no other
page. The same names go out in the ``Surrogate-Key`` and ``Cache-Tag``
headers, for caches in front that purge by tag.

A page that names nothing it shows is tagged "any", which every change retires.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import g

from ..storage.changes import PublicChange

# The home page's listings, the blog's feed and the sitemap: every published article's place.
HOME = "home"
# Pages that name nothing: retired by every change.
ANY = "any"
SHOWN, VARYING = "pagecache_shown", "pagecache_varying"


def article_tag(article_id: int) -> str:
    """Pages that show article ``article_id``: its own page, and the cards that list it."""
    return f"article-{article_id}"


def category_tag(category_id: int) -> str:
    """Category ``category_id``'s listings and feed: the articles it has, in order."""
    return f"category-{category_id}"


def shows(*tags: str) -> None:
    """The page being rendered shows what ``tags`` name."""
    g.setdefault(SHOWN, set()).update(tags)


def shows_articles(article_ids: Iterable[int]) -> None:
    shows(*(article_tag(article_id) for article_id in article_ids))


def varies_with(text: str) -> None:
    """``text`` on the page being rendered changes with every render and means
    nothing to a reader who has the page already (the comment form's signed
    render time): the page's ETag leaves it out."""
    if text:
        g.setdefault(VARYING, []).append(text.encode())


def rendered_tags() -> tuple[str, ...]:
    """What the page just rendered said it shows, in order (for the headers)."""
    return tuple(sorted(g.pop(SHOWN, ()))) or (ANY,)


def varying_parts() -> list[bytes]:
    return g.pop(VARYING, [])


def retired_by(change: PublicChange) -> frozenset[str] | None:
    """The tags ``change`` retires; None when it retires every page."""
    if change.everything:
        return None
    tags = {ANY, *(article_tag(number) for number in change.articles | change.comments_on)}
    tags.update(category_tag(number) for number in change.categories)
    if change.articles:
        tags.add(HOME)
    return frozenset(tags)
