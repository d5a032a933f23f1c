"""Generated content for measuring blogapp at scale (``flask bench seed``).

Rows are written with bulk INSERTs, bypassing the ORM, and the search index
is filled in the same bulk way; a content-version change then retires every
cached page. The text is plain words, so the stored HTML is exactly what
``sanitize`` and the Markdown renderer would make of it (a test checks).
Well-known articles: ``bench-50-comments`` and ``bench-2000-comments``.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Connection, func, insert, select, text

from ..storage.counts import recount
from ..storage.models import Article, ArticleStatus, Category, Comment, CommentStatus, utcnow
from ..storage.search_index import engine_for

COMMON_WORDS = (
    "privacy data law court encryption message police phone network server user account "
    "policy report government company right freedom speech press source journalist leak "
    "cloud backup password browser search cookie tracker consent regulation appeal judge "
    "platform moderation comment reader editor archive release update security audit key "
    "signal metadata border device camera location health bank email protest vote election"
).split()
SYLLABLES = "ba ko mi ru te sa lo ve ni da pu ge zo fi ha ju ke la mo ne".split()
VOCABULARY_SIZE = 5000


def vocabulary() -> list[str]:
    """Real words first (the most frequent), then made-up ones, rarer and rarer."""
    made_up = (a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES)
    return (COMMON_WORDS + list(made_up))[:VOCABULARY_SIZE]


WORDS = vocabulary()
# Word frequencies follow Zipf's law, as in real text: a few words are
# everywhere, most are rare, so searches match anything from a handful of
# articles to nearly all of them.
ZIPF_WEIGHTS = list(itertools.accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))
BATCH = 20_000
# Articles with a known number of comments, in order; one is seeded only when
# the plan's comments leave room for it (the 50,000-comment one, a post gone
# viral, only in the scale database).
FIXED_COMMENTS = {"bench-50-comments": 50, "bench-2000-comments": 2000, "bench-50000-comments": 50_000}


@dataclass
class Plan:
    articles: int
    comments: int
    seed: int = 7


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=ZIPF_WEIGHTS, k=length)).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(6, 14)) for _ in range(sentences))


def fixed_articles(plan: Plan) -> dict[str, int]:
    """The articles of FIXED_COMMENTS that ``plan`` has room for, with their comment counts."""
    fixed: dict[str, int] = {}
    for slug, count in FIXED_COMMENTS.items():
        if len(fixed) == plan.articles or sum(fixed.values()) + count > plan.comments:
            break
        fixed[slug] = count
    return fixed


def _article_rows(plan: Plan, rng: random.Random, categories: list[int], start_id: int):
    now = utcnow().replace(microsecond=0)
    slugs = list(fixed_articles(plan))
    for n in range(plan.articles):
        paragraphs = [paragraph(rng, 4) for _ in range(5)]
        slug = slugs[n] if n < len(slugs) else f"bench-article-{n}"
        title = sentence(rng, 6)[:-1]
        yield dict(
            id=start_id + n, title=title, slug=slug, summary=sentence(rng, 12),
            body_markdown="\n\n".join(paragraphs), body_html="".join(f"<p>{p}</p>\n" for p in paragraphs),
            status=ArticleStatus.DRAFT if n % 50 == 49 else ArticleStatus.PUBLISHED,
            published_at=now - timedelta(minutes=30 * n + 1), created_at=now, updated_at=now,
            comments_open=True, version=1, category_id=categories[n % len(categories)],
        )


def _comment_counts(plan: Plan, rng: random.Random) -> list[int]:
    """Comments per article: the well-known articles get theirs, the rest share what is left."""
    fixed = list(fixed_articles(plan).values())
    rest = max(plan.comments - sum(fixed), 0)
    others = plan.articles - len(fixed)
    counts = [0] * others
    for _ in range(rest if others else 0):
        counts[rng.randrange(others)] += 1
    return fixed + counts


def _comment_rows(plan: Plan, rng: random.Random, article_rows: list[dict], start_id: int):
    next_id = start_id
    for article, count in zip(article_rows, _comment_counts(plan, rng)):
        fixed = article["slug"] in FIXED_COMMENTS
        previous = None
        for n in range(count):
            body = paragraph(rng, rng.randint(1, 3))
            roll = rng.random()
            status = CommentStatus.APPROVED if fixed or roll < 0.9 else (
                CommentStatus.PENDING if roll < 0.97 else CommentStatus.SPAM)
            # Every fourth comment answers the one before it.
            parent = previous if n % 4 == 3 else None
            yield dict(
                id=next_id, article_id=article["id"], parent_id=parent, author_name=f"Reader {rng.randint(1, 5000)}",
                author_email=f"reader{rng.randint(1, 5000)}@example.org", author_url="", body_raw=body,
                body_html=f"<p>{body}</p>", status=status, client_hash="",
                created_at=article["published_at"] + timedelta(minutes=n + 1), held_reason="", from_staff=False,
            )
            previous = next_id if status == CommentStatus.APPROVED else previous
            next_id += 1


def _insert(connection: Connection, table, rows) -> int:
    batch, total = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            connection.execute(insert(table), batch)
            total, batch = total + len(batch), []
    if batch:
        connection.execute(insert(table), batch)
    return total + len(batch)


def seed(connection: Connection, plan: Plan, report=print) -> None:
    """Write ``plan``'s categories, articles, comments and their search index."""
    rng = random.Random(plan.seed)
    connection.execute(insert(Category.__table__), [
        dict(name=f"Topic {n}", slug=f"bench-topic-{n}", description=sentence(rng, 10)) for n in range(20)
    ])
    categories = list(connection.scalars(select(Category.id).order_by(Category.id)))
    start = (connection.scalar(select(func.max(Article.id))) or 0) + 1
    articles = list(_article_rows(plan, rng, categories, start))
    _insert(connection, Article.__table__, articles)
    report(f"  {len(articles):,} articles")
    engine_for(connection).store_many(connection, [
        dict(id=a["id"], title=a["title"], summary=a["summary"], body=a["body_markdown"]) for a in articles
    ])
    report("  search index")
    first_comment = (connection.scalar(select(func.max(Comment.id))) or 0) + 1
    count = _insert(connection, Comment.__table__, _comment_rows(plan, rng, articles, first_comment))
    report(f"  {count:,} comments")
    recount(connection, [a["id"] for a in articles])
    report("  comment counts")
    if connection.dialect.name == "postgresql":
        for table in ("articles", "comments", "categories"):
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
