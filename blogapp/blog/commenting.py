"""Posting a comment: validate, clean, decide, store, redirect."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request, url_for

from ..commenters.comment_mail import after_posting
from ..comments.forms import CommentForm
from ..moderation.notify import notify_moderators
from ..comments.ownership import claim_for_author, remember_own_comment
from ..comments.posting import accepting_comments, article_to_comment_on, build_comment, decide_comment
from ..comments.private_links import private_url
from ..comments.queries import ReplyTargetGone, page_of, parent_for_reply
from ..comments.signals import comment_posted
from ..comments.storing import store
from ..extensions import db
from ..storage.models import CommentStatus
from ..text.sanitize import clean_comment
from ..web.errors import render_error, too_many_requests
from ..web.quotas import Quota, take
from .article_page import render_article
from .finding import find_article

bp = Blueprint("comments", __name__)

CLOSED_MESSAGE = "Comments are closed on this article, so your comment was not saved. Your text is below."
GONE_MESSAGE = "The comment you are replying to is no longer available, so your reply was not sent."
DUPLICATE_MESSAGE = "You have already posted this comment here; it was not sent again."
# Comments stored per client address; only stored ones count.
COMMENTS = Quota("comments", "COMMENT_RATE_LIMIT")


@bp.post("/articles/<slug>/comments")
def post_comment(slug: str):
    """Accept a reader's comment or reply (Post/Redirect/Get)."""
    # Checked and cleaned before the first query: on SQLite that query opens
    # the write transaction, which every other worker's post waits for.
    form = CommentForm()
    valid = form.validate()
    body_html = clean_comment(form.body.data) if valid else ""
    article = article_to_comment_on(slug, form.body.data)
    if not accepting_comments(article):
        return render_error(403, CLOSED_MESSAGE, kept_text=request.form.get("body", ""))
    if not valid:
        return _form_again(slug, form, 400)
    try:
        parent_id = _reply_parent(article.id, form)
    except ReplyTargetGone:
        form.form_errors.append(GONE_MESSAGE)
        return _form_again(slug, form, 400)
    if article.already_posted:
        form.body.errors.append(DUPLICATE_MESSAGE)
        return _form_again(slug, form, 409)
    comment = build_comment(form, article.id, parent_id, body_html)
    owner_key = None if comment.from_staff else claim_for_author(comment)
    decision = decide_comment(comment, form)
    comment.status, comment.held_reason = decision.status, decision.reason
    wait = None if comment.from_staff else take(COMMENTS, request.remote_addr)
    if wait:
        return too_many_requests(wait)
    store(comment)
    # Read before the commit, which would make every attribute a new query.
    page, comment_id, status = page_of(comment, article.threads), comment.id, comment.status
    if status == CommentStatus.PENDING:
        notify_moderators(comment)  # into the outbox, in this transaction
    mail_note = after_posting(comment, form.notify.data)  # the commenter's opt-in and reply mail, likewise
    db.session.commit()
    comment_posted.send(current_app._get_current_object(), status=status)
    response = _after_posting(comment, slug, page, comment_id, status, owner_key)
    if mail_note:
        flash(mail_note, "success")
    return response


def _reply_parent(article_id: int, form: CommentForm) -> int | None:
    """The comment a reply hangs from; None for a new thread.

    :raise ReplyTargetGone: when the comment replied to is not an approved one here.
    """
    if not form.reply_to.data:
        return None
    return parent_for_reply(article_id, int(form.reply_to.data), current_app.config["COMMENT_THREAD_DEPTH"])


def _form_again(slug: str, form: CommentForm, status: int):
    """The article page again, with the form's errors and the reader's text."""
    return render_article(find_article(slug), form, status=status)


def _after_posting(comment, slug: str, page: int, comment_id: int, status: CommentStatus, owner_key: str | None):
    """Tell the reader (a bot that filled the honeypot hears the same) what became of the comment."""
    if status == CommentStatus.APPROVED:
        flash("Thank you! Your comment is published.", "success")
        anchor = f"comment-{comment_id}"
    else:
        flash("Thank you! Your comment is awaiting moderation.", "success")
        anchor = "comments"
    if status == CommentStatus.PENDING:
        remember_own_comment(comment_id, owner_key)
        anchor = f"comment-{comment_id}"
    # Its message's text is the address: base.html makes it the link.
    flash(private_url(comment_id), "private-link")
    target = url_for("blog.article", slug=slug, page=page if page > 1 else None, _anchor=anchor)
    return redirect(target, code=303)
