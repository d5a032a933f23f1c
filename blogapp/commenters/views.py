"""``GET /privacy/``: what the blog keeps about commenters, why, for how long, and how to get it back."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..pagecache.shared import shared_page

bp = Blueprint("commenters", __name__)


@bp.get("/privacy/")
@shared_page()
def privacy():
    """The same page for every reader, cached like other public pages; it shows no article."""
    return render_template("privacy.html")
