"""Readers report published comments: one report per reader, enough of them hide the comment
until a moderator approves it again; the button is the same on a cached page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from blogapp import create_app
from blogapp.extensions import db
from blogapp.storage.models import AuditEntry, Comment, CommentReport, CommentStatus, Role

from conftest import make_test_config
from helpers.accounts import approve_in_the_queue, browser_signed_in

PENDING, APPROVED = CommentStatus.PENDING, CommentStatus.APPROVED


@pytest.fixture
def article(make):
    return make.article(title="Reported", slug="reported")


@pytest.fixture
def comment(make, article):
    return make.comment(article, "Something rude", author_email="rude@example.org")


def report(client, comment_id: int, address: str, **headers):
    return client.post(f"/comments/{comment_id}/report", environ_base={"REMOTE_ADDR": address}, headers=headers)


def state(comment_id: int) -> tuple[CommentStatus, str]:
    found = db.session.execute(select(Comment.status, Comment.held_reason).where(Comment.id == comment_id)).one()
    db.session.rollback()
    return tuple(found)


def test_every_published_comment_has_a_report_form_that_works_without_javascript(client, comment, article):
    page = client.get("/articles/reported/").get_data(as_text=True)
    assert f'<form class="comment-report" method="post" action="/comments/{comment.id}/report">' in page
    response = report(client, comment.id, "192.0.2.1")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/articles/reported/#comment-{comment.id}"
    assert "your report was sent to the moderators" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert state(comment.id) == (APPROVED, "")


def test_the_button_is_the_same_whether_the_page_came_from_the_cache(app, comment):
    first, second = app.test_client(), app.test_client()
    fresh = first.get("/articles/reported/")
    cached = second.get("/articles/reported/")
    assert cached.headers["X-Page-Cache"] == "hit"
    assert fresh.get_data() == cached.get_data()
    assert report(second, comment.id, "192.0.2.2").status_code == 303
    assert db.session.scalar(select(CommentReport.client_hash)) != ""


def test_one_report_per_reader_and_the_threshold_hides_the_comment_and_retires_the_page(app, client, comment):
    readers = [app.test_client() for _ in range(3)]
    assert "Something rude" in readers[0].get("/articles/reported/").get_data(as_text=True)
    for _ in range(3):
        report(readers[0], comment.id, "192.0.2.10")  # the same reader, three times: one report
    already = readers[0].get("/articles/reported/").get_data(as_text=True)
    assert "You have already reported this comment" in already
    report(readers[1], comment.id, "192.0.2.11")
    assert state(comment.id) == (APPROVED, "")
    hidden = report(readers[2], comment.id, "192.0.2.12")
    assert hidden.headers["Location"] == "/articles/reported/#comments"
    assert state(comment.id) == (PENDING, "reported by 3 readers")
    # The cached page went with it: a new reader no longer sees the comment.
    assert "Something rude" not in app.test_client().get("/articles/reported/").get_data(as_text=True)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.username, entry.action, entry.detail) == ("(readers)", "reported",
                                                            "approved → pending: reported by 3 readers")


def test_moderators_see_the_count_and_an_approved_comment_stays_published(app, client, make, comment):
    make.user("mia", Role.MODERATOR)
    for number in range(2):
        report(client, comment.id, f"192.0.2.{20 + number}")
    moderator = browser_signed_in(app, "mia")
    approved_tab = moderator.get("/moderation/?tab=approved").get_data(as_text=True)
    assert '<dd class="queue-reports">reported by 2 readers</dd>' in approved_tab
    report(client, comment.id, "192.0.2.22")
    pending_tab = moderator.get("/moderation/?tab=pending").get_data(as_text=True)
    assert "reported by 3 readers" in pending_tab
    assert approve_in_the_queue(moderator, comment.id).status_code == 303
    assert state(comment.id)[0] == APPROVED
    assert 'class="queue-reports"' not in moderator.get("/moderation/?tab=approved").get_data(as_text=True)
    # Reports answered no longer count: two new readers do not hide it, and the old ones cannot report again.
    for address in ("192.0.2.20", "192.0.2.30", "192.0.2.31"):
        report(client, comment.id, address)
    assert state(comment.id)[0] == APPROVED
    assert "Something rude" in app.test_client().get("/articles/reported/").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"COMMENT_REPORT_RATE_LIMIT": "2 per hour"}], indirect=True)
def test_reports_are_rate_limited_per_client(client, make, article):
    comments = [make.comment(article, f"Comment {number}") for number in range(3)]
    assert [report(client, c.id, "192.0.2.40").status_code for c in comments] == [303, 303, 429]
    assert report(client, comments[2].id, "192.0.2.41").status_code == 303
    assert db.session.scalar(select(CommentReport.id).where(CommentReport.comment_id == comments[2].id))


def test_reports_from_another_site_or_of_unpublished_comments_are_refused(client, make, article, comment):
    forged = report(client, comment.id, "192.0.2.50", **{"Sec-Fetch-Site": "cross-site",
                                                        "Origin": "https://evil.example"})
    assert forged.status_code == 403
    pending = make.comment(article, "Waiting", status=PENDING)
    assert report(client, pending.id, "192.0.2.51").status_code == 404
    assert report(client, 999999, "192.0.2.51").status_code == 404
    assert db.session.scalar(select(CommentReport.id)) is None


def test_staff_see_no_report_button(app, make, comment):
    make.user("mia", Role.MODERATOR)
    moderator = browser_signed_in(app, "mia")
    assert "comment-report" not in moderator.get("/articles/reported/").get_data(as_text=True)


def reports_line(database_url: str, **config) -> str:
    app = create_app(make_test_config(database_url, **config))
    with app.app_context():
        output = app.test_cli_runner().invoke(args=["check-config"]).output
    return next(line for line in output.splitlines() if " reader reports:" in line)


@pytest.mark.parametrize("config, expected", [
    ({}, "ok       reader reports: 3 reports hide a comment; at most 10 per hour per client"),
    ({"COMMENT_REPORTS_TO_HIDE": 0}, "PROBLEM  reader reports: COMMENT_REPORTS_TO_HIDE is 0"),
    ({"COMMENT_REPORTS_TO_HIDE": "3"}, "PROBLEM  reader reports: COMMENT_REPORTS_TO_HIDE is '3'"),
    ({"COMMENT_REPORT_RATE_LIMIT": "often"}, "PROBLEM  reader reports: COMMENT_REPORT_RATE_LIMIT 'often'"),
])
def test_check_config_names_bad_report_settings(migrated_database, config, expected):
    assert reports_line(migrated_database, **config).startswith(expected)
