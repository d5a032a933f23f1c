"""The article page: the article, a page of its comments and the comment form.

Rendered by the reader's page, again with errors by the comment post, and
unsaved by the desk's preview.
"""

from __future__ import annotations

from flask import abort, current_app, render_template, url_for
from flask_login import current_user

from ..comments.forms import CommentForm, prepare_comment_form
from ..comments.posting import accepting_comments
from ..comments.queries import CommentPage, build_threads, comment_page
from ..comments.shown import in_reading_order
from ..storage.models import Article
from ..web.pagination import requested_page
from .finding import ArticleOnPage


def render_article(article: Article | ArticleOnPage, form: CommentForm, status: int = 200, preview: bool = False):
    """The article page; the comment view re-renders it with form errors.

    The desk's preview shows an unsaved article: it has no comments yet.
    """
    page = CommentPage([], set(), 0, 1, 1) if preview else comment_page(article, requested_page())
    if page is None:
        abort(404)
    replying_to = prepare_comment_form(form, page.comments)
    comments_open = accepting_comments(article)
    # This page of comments keeps its number in the form's and the Reply links' addresses.
    page_values = {"page": page.number} if page.number > 1 else {}
    reply_href = None
    if comments_open:
        here = url_for("blog.article", slug=article.slug, **page_values)
        reply_href = here + ("&" if "?" in here else "?") + "reply_to="
    threads = build_threads(page.comments, current_app.config["COMMENT_THREAD_DEPTH"])
    # Readers' report forms post to <report_path><id>/report (staff use the queue instead).
    report_path = None if preview or current_user.is_authenticated else url_for(
        "reports.report_comment", comment_id=0).removesuffix("0/report")
    html = render_template(
        "blog/article.html",
        article=article,
        comments=page,
        shown_comments=in_reading_order(threads, page.own_pending, reply_href),
        page_values=page_values,
        comments_open=comments_open,
        replying_to=replying_to,
        report_path=report_path,
        form=form,
        preview=preview,
    )
    return html, status
