"""``flask demo``: sample content so a new installation has something to read."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..imports.markdown_files import FileLimits, find_or_create_category, parse_article_file, save_article
from ..storage.models import Article, Comment, CommentStatus
from ..text.sanitize import clean_comment

DEMO_CONTENT = Path(__file__).resolve().parent.parent / "demo_content"

CATEGORY_DESCRIPTIONS = {
    "News and Updates": "What is happening to privacy and free expression online.",
    "Privacy Guides": "Practical explanations for keeping your data your own.",
    "Product Notes": "How this blog works, and why.",
}

# (article slug, author name, comment text)
DEMO_COMMENTS = [
    ("whatsapp-refused-to-hand-over-data-to-authorities-of-hong-kong", "Mei",
     "Good to see a clear summary. The part about the risk of being blocked is what most coverage missed."),
    ("whatsapp-refused-to-hand-over-data-to-authorities-of-hong-kong", "Jonas",
     "End-to-end encryption only protects message content, though. Metadata is another story:\n\n"
     "https://en.wikipedia.org/wiki/Metadata"),
    ("end-to-end-encryption-explained", "Priya",
     "Thanks, the <strong>safety number</strong> tip was new to me."),
]


@click.command("demo")
def demo() -> None:
    """Load the demo articles, categories and comments (only once)."""
    first_slug = "whatsapp-refused-to-hand-over-data-to-authorities-of-hong-kong"
    if db.session.scalar(select(Article.id).filter_by(slug=first_slug)) is not None:
        click.echo("Demo content is already loaded; nothing to do.")
        return
    limits = FileLimits.from_config(current_app.config)
    sources = [parse_article_file(path, limits) for path in sorted(DEMO_CONTENT.glob("*.md"))]
    for source in sources:
        save_article(source)
    for name, description in CATEGORY_DESCRIPTIONS.items():
        find_or_create_category(name).description = description
    for slug, author, text in DEMO_COMMENTS:
        article = db.session.scalar(select(Article).filter_by(slug=slug))
        db.session.add(
            Comment(
                article=article,
                author_name=author,
                author_email="",
                body_raw=text,
                body_html=clean_comment(text),
                status=CommentStatus.APPROVED,
                created_at=article.published_at + timedelta(hours=3 + len(article.comments)),
            )
        )
    db.session.commit()
    click.echo(f"Loaded {len(sources)} demo articles with comments.")
