"""The reader's search page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..blog.cards import article_cards
from ..extensions import db
from ..storage.search_index import search_published
from ..text.search_words import plain_text, snippet
from ..web.pagination import requested_page

bp = Blueprint("search", __name__)


@bp.get("/search")
def search():
    """Published articles matching ``?q=``, best first, with highlighted extracts."""
    limit = current_app.config["SEARCH_QUERY_MAX_LENGTH"]
    query = request.args.get("q", "")[:limit].strip()
    found, terms = search_published(query)
    page = None
    if found is not None:
        page = db.paginate(
            found, page=requested_page(), per_page=current_app.config["ARTICLES_PER_PAGE"], error_out=False
        )
    found_articles = page.items if page else []
    extracts = [snippet(f"{article.summary} {plain_text(article.body_html)}", terms) for article in found_articles]
    cards = article_cards(found_articles, texts=extracts)
    return render_template("search/results.html", query=query, page=page, cards=cards)
