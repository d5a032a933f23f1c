"""Block lists in the database: edited by moderators on a page, seeded once from the settings,
and counted at once by every app instance sharing the database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from blogapp import create_app
from blogapp.extensions import db
from blogapp.storage.models import AuditEntry, BlockEntry, BlockKind, Comment, CommentStatus, Role

from conftest import FreshRequestClient, make_test_config
from helpers.accounts import browser_signed_in
from helpers.forms import HIDDEN_FIELD, csrf_token_from


@pytest.fixture
def moderator(app, make):
    make.user("mia", Role.MODERATOR)
    return browser_signed_in(app, "mia")


def entries() -> set[tuple[str, str]]:
    found = {(kind.value, value) for kind, value in db.session.execute(select(BlockEntry.kind, BlockEntry.value))}
    db.session.rollback()  # On SQLite the test's transaction would hold the other instance's writes back.
    return found


def add_entry(moderator, kind: str, value: str):
    page = moderator.get("/moderation/blocklist/").get_data(as_text=True)
    return moderator.post("/moderation/blocklist/add",
                          data={"csrf_token": csrf_token_from(page), "kind": kind, "value": value})


def remove_entry(moderator, kind: str, value: str):
    entry_id = db.session.scalar(select(BlockEntry.id).where(BlockEntry.kind == kind, BlockEntry.value == value))
    db.session.rollback()
    page = moderator.get("/moderation/blocklist/").get_data(as_text=True)
    return moderator.post(f"/moderation/blocklist/{entry_id}/remove", data={"csrf_token": csrf_token_from(page)})


def post_as_reader(client, slug: str, body: str, email: str = "reader@example.org", website: str = ""):
    page = client.get(f"/articles/{slug}/").get_data(as_text=True)
    # The test's own app context stays pushed, and a second instance's page view can read through
    # its session: on SQLite that transaction would hold the post back.
    db.session.rollback()
    data = {"name": "Reader", "email": email, "website": website, "body": body, **dict(HIDDEN_FIELD.findall(page))}
    response = client.post(f"/articles/{slug}/comments", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    posted = db.session.execute(select(Comment.status, Comment.held_reason).where(Comment.body_raw == body)).one()
    db.session.rollback()
    return posted


def test_entries_added_and_removed_on_the_page_are_listed_and_logged(moderator, make):
    for kind, value in [("email", "Spammer@Example.org"), ("domain", "example.net"), ("host", "casino.test"),
                        ("word", "viagra"), ("client", "0123456789abcdef0123456789abcdef")]:
        response = add_entry(moderator, kind, value)
        assert response.status_code == 303, response.get_data(as_text=True)
    assert entries() == {("email", "spammer@example.org"), ("domain", "@example.net"), ("host", "casino.test"),
                         ("word", "viagra"), ("client", "0123456789abcdef0123456789abcdef")}
    page = moderator.get("/moderation/blocklist/").get_data(as_text=True)
    assert "spammer@example.org" in page and "@example.net" in page and "added by mia" in page
    assert remove_entry(moderator, "word", "viagra").status_code == 303
    assert ("word", "viagra") not in entries()
    log = [(e.username, e.action, e.detail) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert ("mia", "block", "added word “viagra”") in log
    assert ("mia", "unblock", "removed word “viagra”") in log


@pytest.mark.parametrize("kind,value,message", [
    ("email", "not-an-address", "An email address has one @"),
    ("domain", "nodots", "A domain looks like @example.org."),
    ("client", "xyz", "A client hash is the 32 letters"),
    ("word", "a", "at least two characters"),
    ("word", "two\nlines", "must be on one line"),
    ("nonsense", "casino", "Not a valid choice"),
])
def test_bad_entries_are_refused_with_a_reason_and_nothing_is_added(moderator, kind, value, message):
    response = add_entry(moderator, kind, value)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert entries() == set()


def test_a_duplicate_entry_is_refused_and_the_page_needs_the_session_token(moderator):
    assert add_entry(moderator, "word", "casino").status_code == 303
    again = add_entry(moderator, "word", " CASINO ")
    assert again.status_code == 409 and "already on the list" in again.get_data(as_text=True)
    forged = moderator.post("/moderation/blocklist/add", data={"kind": "word", "value": "poker"})
    assert forged.status_code == 400
    assert entries() == {("word", "casino")}


def test_readers_and_editors_cannot_reach_the_page(client, make):
    assert client.get("/moderation/blocklist/").status_code == 302
    make.user("eddie", Role.EDITOR)
    editor = browser_signed_in(client.application, "eddie")
    assert editor.get("/moderation/blocklist/").status_code == 403


SETTINGS = {"COMMENT_BLOCKED_WORDS": ["casino"], "COMMENT_BLOCKED_EMAILS": ["bot@example.org", "@spam.example"],
            "COMMENT_BLOCKED_URLS": ["pills.test"]}


@pytest.mark.parametrize("app_config", [SETTINGS], indirect=True)
def test_settings_seed_the_lists_once_and_a_removed_entry_stays_removed(app, moderator, make, migrated_database):
    article = make.article()
    assert post_as_reader(app.test_client(), article.slug, "Try the casino").status == CommentStatus.SPAM
    seeded = {("word", "casino"), ("email", "bot@example.org"), ("domain", "@spam.example"), ("host", "pills.test")}
    assert entries() == seeded
    assert remove_entry(moderator, "word", "casino").status_code == 303
    # A restart (a new app with the same settings, and one more value) seeds only the new value.
    later = create_app(make_test_config(migrated_database, **{**SETTINGS, "COMMENT_BLOCKED_WORDS": ["casino", "poker"]}))
    later.test_client_class = FreshRequestClient
    reader = later.test_client()
    assert post_as_reader(reader, article.slug, "Another casino visit").status == CommentStatus.PENDING
    assert post_as_reader(reader, article.slug, "Poker night").status == CommentStatus.SPAM
    assert entries() == (seeded - {("word", "casino")}) | {("word", "poker")}
    assert post_as_reader(reader, article.slug, "Hello", email="x@SPAM.example").status == CommentStatus.SPAM


def test_an_edit_through_one_instance_counts_at_once_on_another(app, moderator, make, migrated_database):
    """Two app instances on one database, as two workers or hosts: no restart, no cache to wait for."""
    article = make.article()
    other = create_app(make_test_config(migrated_database))
    other.test_client_class = FreshRequestClient
    reader = other.test_client()
    assert post_as_reader(reader, article.slug, "First: poker is fun").status == CommentStatus.PENDING
    assert add_entry(moderator, "word", "poker").status_code == 303
    assert add_entry(moderator, "host", "pills.test").status_code == 303
    spam = post_as_reader(reader, article.slug, "Second: poker again")
    assert tuple(spam) == (CommentStatus.SPAM, "contains the blocked word 'poker'")
    assert post_as_reader(reader, article.slug, "See my site", website="https://pills.test/").status == CommentStatus.SPAM
    assert remove_entry(moderator, "word", "poker").status_code == 303
    assert post_as_reader(reader, article.slug, "Third: poker, unblocked").status == CommentStatus.PENDING
    assert entries() == {(BlockKind.HOST.value, "pills.test")}
