"""A commenter's whole journey, in Chromium with JavaScript off, against gunicorn and a real SMTP sink.

Read an article, comment with the mail box ticked, find the private page
from the thank-you message, edit within the window, confirm the address
from the mail, see a moderator approve it from their own mail, get the
"published" mail, stop it, then download one's data and erase it from
/privacy/. Every mail is read from the aiosmtpd sink after `flask outbox
send` has run, as an operator's sender would.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from blogapp.extensions import db
from blogapp.storage.models import Comment, Role

from harness.browser import (
    browser,  # noqa: F401  (a fixture)
    needs_chromium,
)
from harness.site import seed_site
from helpers.mail import moderator_links, start_sink, text_of
from helpers.servers import SERVER_SECRET_KEY, running_servers
from helpers.stored import everything_stored

pytestmark = needs_chromium

READER, ADDRESS = "Quentin Vale", "quentin.vale@example.org"
FIRST, EDITED = "First thoughts, typed in a hurry.", "Second thoughts, with the typo fixed."
MODERATOR_ADDRESS = "mia@example.org"
URL = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def sink():
    controller = start_sink()
    yield controller
    controller.stop()


@pytest.fixture(scope="module")
def server(migrated_database, tmp_path_factory, sink):
    options = {"COMMENT_MIN_SECONDS": 0, "LOG_LEVEL": "WARNING", "MAIL_SERVER": "127.0.0.1",
               "MAIL_PORT": sink.port, "MAIL_SENDER": "blog@example.org"}
    with running_servers(1, migrated_database, tmp_path_factory.mktemp("journey"), workers=2, **options) as [server]:
        yield server


@pytest.fixture
def app_config(sink) -> dict:
    # The test's own app seeds rows and runs the outbox sender: same key, same mail server.
    return {"SECRET_KEY": SERVER_SECRET_KEY, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": sink.port,
            "MAIL_SENDER": "blog@example.org"}


@pytest.fixture
def site(make):
    site = seed_site(make)
    make.user("mia", Role.MODERATOR).email = MODERATOR_ADDRESS
    db.session.commit()
    # Let go of SQLite's write lock: the server's workers write too.
    db.session.close()
    return site


@pytest.fixture
def mail(runner, sink):
    """``mail(to, subject_part)``: run the outbox sender once, then the one new message that matches."""
    seen = set()

    def deliver(to: str, subject_part: str):
        result = runner.invoke(args=["outbox", "send"])
        db.session.remove()
        assert result.exit_code == 0, result.output
        found = [m for m in sink.handler.messages
                 if id(m) not in seen and to in m["To"] and subject_part in str(m["Subject"])]
        assert len(found) == 1, [(m["To"], m["Subject"]) for m in sink.handler.messages]
        seen.add(id(found[0]))
        return found[0]

    return deliver


def link_in(message, path_part: str) -> str:
    [link] = [url for url in URL.findall(text_of(message)) if path_part in url]
    return link


def press(page, button: str):
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    return page.content()


def comment_with_the_box_ticked(page, server, site) -> str:
    """Post the comment; returns the private page's address from the thank-you message."""
    page.goto(f"{server.url}/articles/{site.slug}/")
    page.get_by_role("textbox", name="Name").fill(READER)
    page.get_by_label("Email (never shown)").fill(ADDRESS)
    page.get_by_role("textbox", name="Comment").fill(FIRST)
    page.get_by_label("Email me when it is published and when someone replies").check()
    content = press(page, "Post comment")
    assert "awaiting moderation" in content
    private = page.get_by_role("link", name="Your comment's private page: bookmark it to edit or delete")
    return private.get_attribute("href")


def test_a_commenter_from_first_words_to_erasure_without_javascript(browser, server, site, mail):
    reader = browser.new_context(java_script_enabled=False, accept_downloads=True).new_page()
    private_path = comment_with_the_box_ticked(reader, server, site)

    reader.goto(server.url + private_path)
    assert "Waiting for a moderator" in reader.content()
    reader.get_by_label("Your comment").fill(EDITED)
    assert "Your comment is saved." in press(reader, "Save my changes")
    assert EDITED in reader.content()

    confirm = mail(ADDRESS, "onfirm")
    reader.goto(link_in(confirm, "/mail/confirm/"))
    assert "Your address is confirmed" in press(reader, "Yes, send me that mail")

    # The moderator's own mail carries a one-time link; following it shows a button that approves.
    held = mail(MODERATOR_ADDRESS, "")
    approve = dict(moderator_links(held))["Approve"]
    moderator = browser.new_context(java_script_enabled=False).new_page()
    moderator.goto(server.url + approve)
    assert EDITED in moderator.content()
    press(moderator, "Approve")

    published = mail(ADDRESS, "published")
    assert published["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    article_link = [url for url in URL.findall(text_of(published)) if f"/articles/{site.slug}/" in url][0]
    reader.goto(article_link)
    assert EDITED in reader.content() and READER in reader.content()

    # A long header is folded onto two lines in the message as received.
    stop = "".join(published["List-Unsubscribe"].split()).strip("<>")
    reader.goto(stop)
    assert "Mail about your comment is stopped" in press(reader, "Stop this mail")

    data = export_from_the_privacy_page(reader, server, mail)
    assert [(c["text"], c["status"]) for c in data["comments"]] == [(EDITED, "approved")]
    assert isinstance(data["mail_settings"], list)

    erase_from_the_privacy_page(reader, server, mail)
    reader.goto(f"{server.url}/articles/{site.slug}/")
    assert EDITED in reader.content() and "a former reader" in reader.content()
    assert READER not in reader.content()
    stored = everything_stored()
    for trace in (ADDRESS, READER.lower(), "vale"):
        assert trace not in stored, trace


def export_from_the_privacy_page(page, server, mail) -> dict:
    page.goto(server.url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="Privacy: what we keep about commenters").click()
    page.locator("#export-email").fill(ADDRESS)
    assert "Check your mail" in press(page, "Mail me a download link")
    page.goto(link_in(mail(ADDRESS, "Download your data"), "/privacy/export/"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    return json.loads(open(download.value.path(), encoding="utf-8").read())


def erase_from_the_privacy_page(page, server, mail) -> None:
    page.goto(server.url + "/privacy/")
    page.locator("#erase-email").fill(ADDRESS)
    assert "Check your mail" in press(page, "Mail me an erasure link")
    link = link_in(mail(ADDRESS, "Erase your data"), "/privacy/erase/")
    page.goto(link)
    assert "Your data is erased" in press(page, "Erase my data")
    assert urlsplit(page.url).path == "/privacy/erased/"
    db.session.remove()
    assert db.session.scalar(db.select(Comment.author_name).where(Comment.body_raw == EDITED)) == "a former reader"
