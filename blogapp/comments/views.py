"""Posting a comment: validate, clean, decide, store, redirect."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for

from ..blog.views import get_published_article, render_article
from ..extensions import db
from ..models import Comment, CommentStatus
from ..moderation import decide
from ..privacy import client_hash
from ..ratelimits import limit_comment_posting
from ..sanitize import clean_comment, strip_control_characters
from .forms import CommentForm
from .queries import remember_own_comment

bp = Blueprint("comments", __name__)


@bp.post("/articles/<slug>/comments")
@limit_comment_posting
def post_comment(slug: str):
    """Accept a reader's comment for moderation (Post/Redirect/Get)."""
    article = get_published_article(slug)
    if not article.comments_open:
        abort(403)
    form = CommentForm()
    if not form.validate():
        return render_article(article, form, status=400)
    decision = decide(honeypot_filled=bool(form.homepage.data))
    comment = Comment(
        article=article,
        author_name=strip_control_characters(form.name.data).strip(),
        author_email=form.email.data or "",
        author_url=(form.website.data or "").strip(),
        body_raw=strip_control_characters(form.body.data),
        body_html=clean_comment(form.body.data),
        status=decision.status,
        client_hash=client_hash(request.remote_addr, current_app.config["SECRET_KEY"]),
    )
    db.session.add(comment)
    db.session.commit()
    # A bot that filled the honeypot is told the same as a person.
    if comment.status == CommentStatus.PENDING:
        remember_own_comment(comment.id)
    flash("Thank you! Your comment is awaiting moderation.", "success")
    anchor = f"comment-{comment.id}" if comment.status == CommentStatus.PENDING else "comments"
    return redirect(url_for("blog.article", slug=article.slug, _anchor=anchor), code=303)
