"""Turning a valid comment form into a stored comment with its decision."""

from __future__ import annotations

import functools

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import Row, bindparam, exists, select

from ..extensions import db
from ..storage.models import Article, ArticleStatus, Category, Comment, CommentStatus, Role, text_digest, utcnow
from ..spam.scoring import score_comment
from ..text.links import links_in
from ..text.sanitize import strip_control_characters
from ..web.forgery import from_a_browser
from ..web.render_time import seconds_since_render
from .forms import CommentForm
from .policy import Decision, Facts, comments_open, decide
from .privacy import client_hash
from .rules import needs_known_author, rules_for


def signed_in_staff() -> bool:
    """A signed-in moderator or admin: their comments skip moderation."""
    return current_user.is_authenticated and current_user.has_role(Role.MODERATOR)


@functools.cache
def _published_article():
    # A plain row: the page's Article object is loaded only if the form comes back.
    # The duplicate check and the thread count ride along, saving statements on every post.
    # Found by the text's fingerprint in an index, then compared in full:
    # an article with 100,000 comments costs what one with ten does.
    already_posted = exists().where(
        Comment.article_id == Article.id,
        Comment.body_digest == bindparam("digest"),
        Comment.body_raw == bindparam("text"),
    )
    columns = (Article.id, Article.published_at, Article.comments_open,
               already_posted.label("already_posted"), Article.comment_threads.label("threads"),
               Category.comments_close_after_days.label("close_after_days"))
    return select(*columns).join(Category, Category.id == Article.category_id).where(
        Article.slug == bindparam("slug"),
        # Article.published(): what readers may see now.
        Article.status == ArticleStatus.PUBLISHED,
        Article.published_at <= bindparam("now"),
    )


def article_to_comment_on(slug: str, body: str | None) -> Row:
    """The published article at ``slug`` as posting reads it, in one statement.

    The row has its id, publication time, comment switch and its category's
    age limit for comments (``close_after_days``),
    ``already_posted``: whether the same text as ``body`` is already a
    comment there (the duplicate check), and ``threads``: how many comment
    threads it has (where a new pending comment goes, see ``page_of``).

    :raise 404: for unknown slugs, drafts and articles scheduled for later.
    """
    text = strip_control_characters(body or "")
    params = {"slug": slug, "now": utcnow(), "text": text, "digest": text_digest(text)}
    found = db.session.connection().execute(_published_article(), params).first()
    if found is None:
        abort(404)
    return found


def has_approved_comment(email: str, other_than: int | None = None) -> bool:
    """Whether ``email`` wrote an approved comment (besides comment ``other_than``)."""
    if not email:
        return False
    condition = exists().where(Comment.author_email == email, Comment.status == CommentStatus.APPROVED)
    if other_than is not None:
        condition = condition.where(Comment.id != other_than)
    return db.session.scalar(select(condition))


def build_comment(form: CommentForm, article_id: int, parent_id: int | None, body_html: str) -> Comment:
    """A new comment from the form and its cleaned body, not yet decided or stored."""
    staff = signed_in_staff()
    return Comment(
        article_id=article_id,
        parent_id=parent_id,
        author_name=strip_control_characters(form.name.data).strip(),
        author_email=form.email.data or "",
        author_url=(form.website.data or "").strip(),
        body_raw=strip_control_characters(form.body.data),
        body_html=body_html,
        client_hash=client_hash(request.remote_addr, current_app.config["SECRET_KEY"]),
        from_staff=staff,
        user_id=current_user.id if staff else None,
    )


def decide_comment(comment: Comment, form: CommentForm) -> Decision:
    """Gather the facts about a new ``comment`` and apply the configured rules."""
    return decide_about(comment, honeypot_filled=bool(form.homepage.data),
                        seconds_to_submit=seconds_since_render(form.rendered.data))


def decide_about(comment: Comment, honeypot_filled: bool = False, seconds_to_submit: float | None = None,
                 other_than: int | None = None) -> Decision:
    """The configured rules applied to ``comment`` as it now reads (new, or edited: ``other_than`` its id)."""
    rules = rules_for(comment.article_id)
    facts = Facts(
        body=comment.body_raw,
        author_name=comment.author_name,
        author_email=comment.author_email,
        author_url=comment.author_url,
        links=tuple(links_in(comment.body_html)),
        client_hash=comment.client_hash,
        honeypot_filled=honeypot_filled,
        seconds_to_submit=seconds_to_submit,
        sent_by_browser=from_a_browser(request.environ),
        from_staff=comment.from_staff,
        # Also stores the score on the comment, for the queue.
        spam_verdict=score_comment(comment, current_app.config),
        known_author=needs_known_author(rules) and has_approved_comment(comment.author_email, other_than),
    )
    return decide(facts, rules)


def accepting_comments(article: Article | Row) -> bool:
    """Whether readers may comment on ``article`` (or its row, as posting reads it) now.

    Its category's own age limit, if it has one, replaces the global one.
    """
    days = article.close_after_days
    if days is None:
        days = current_app.config["COMMENTS_CLOSE_AFTER_DAYS"]
    return comments_open(article, days, utcnow())
