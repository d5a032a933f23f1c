"""Moderators' one-time links: mailed to each moderator, acting once, as that moderator, for a limited time."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from blogapp.comments.private_links import private_url
from blogapp.extensions import db
from blogapp.comments.moderator_links import SALT
from blogapp.storage.models import AuditEntry, Comment, CommentStatus, Role

from helpers.accounts import approve_in_the_queue, browser_signed_in
from helpers.mail import moderator_links, start_sink, text_of


@pytest.fixture
def inbox(app, runner, make):
    """Mia (moderator) and Max (admin) have addresses; Ed (editor) too, but edits only. ``inbox()`` sends the outbox."""
    sink = start_sink()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, MAIL_SENDER="blog@example.org",
                      MODERATOR_EMAILS=["team@example.org", "MIA@example.org"])
    for name, role in (("mia", Role.MODERATOR), ("max", Role.ADMIN), ("ed", Role.EDITOR)):
        make.user(name, role).email = f"{name}@example.org"
    db.session.commit()

    def deliver() -> dict:
        """Every recipient's newest mail."""
        result = runner.invoke(args=["outbox", "send"])
        assert result.exit_code == 0, result.output
        return {message["To"]: message for message in sink.handler.messages}

    yield deliver
    sink.stop()


def held_comment(make, post_comment, body="Please look at this.") -> Comment:
    article = make.article(title="Linked")
    assert post_comment(article, name="Ana", body=body).status_code == 303
    return db.session.scalar(select(Comment).where(Comment.body_raw == body))


def links_for(mail) -> dict[str, str]:
    return dict(moderator_links(mail))


def status_of(comment_id: int) -> CommentStatus:
    db.session.expire_all()
    return db.session.get(Comment, comment_id).status


def audit_of(comment_id: int) -> list[tuple[str, str]]:
    rows = db.session.execute(select(AuditEntry.username, AuditEntry.action)
                              .where(AuditEntry.comment_id == comment_id).order_by(AuditEntry.id))
    return [tuple(row) for row in rows]


def test_each_moderator_gets_their_own_links_and_others_share_a_mail_without(inbox, make, post_comment):
    held_comment(make, post_comment)
    mails = inbox()
    # The editor gets nothing; MIA@ is Mia's own address, so the shared mail goes to the team alone.
    assert set(mails) == {"mia@example.org", "max@example.org", "team@example.org"}
    mia, max_ = links_for(mails["mia@example.org"]), links_for(mails["max@example.org"])
    assert list(mia) == ["Approve", "Mark as spam", "Trash"]
    assert set(mia.values()).isdisjoint(max_.values())
    assert moderator_links(mails["team@example.org"]) == []
    assert "http://blog.test/moderation/" in text_of(mails["team@example.org"])
    assert "work for 72 hours" in text_of(mails["mia@example.org"])


def test_a_link_shows_the_comment_and_acts_once_without_signing_in(app, inbox, make, post_comment):
    comment = held_comment(make, post_comment, body="Visit <strong>me</strong> <script>x()</script>")
    link = links_for(inbox()["mia@example.org"])["Approve"]
    reader = app.test_client()  # no session: the mail's link is all it has
    page = reader.get(link)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    assert "Linked" in text and "Ana" in text and "<strong>me</strong>" in text and "<script>" not in text
    assert "<button type=\"submit\">Approve</button>" in text and "csrf_token" not in text
    assert status_of(comment.id) == CommentStatus.PENDING  # following the link changed nothing

    done = reader.post(f"{link}act")
    assert done.status_code == 303 and done.headers["Location"].endswith(link)
    assert status_of(comment.id) == CommentStatus.APPROVED
    assert audit_of(comment.id) == [("mia", "approve")]
    after = reader.get(link).get_data(as_text=True)
    assert "This comment was approved by you" in after and "<button" not in after.split("<main")[1]
    assert "Ana" in app.test_client().get(f"/articles/{comment.article.slug}/").get_data(as_text=True)


def test_a_used_link_and_every_other_link_of_that_comment_change_nothing(app, inbox, make, post_comment):
    comment = held_comment(make, post_comment)
    mails = inbox()
    mia, max_ = links_for(mails["mia@example.org"]), links_for(mails["max@example.org"])
    client = app.test_client()
    assert client.post(f"{mia['Mark as spam']}act").status_code == 303
    for link in (mia["Mark as spam"], mia["Trash"], max_["Approve"]):
        again = client.post(f"{link}act")
        assert again.status_code == 409
        assert "This comment was marked as spam by" in again.get_data(as_text=True)
    assert "marked as spam by mia" in client.get(max_["Trash"]).get_data(as_text=True)
    assert status_of(comment.id) == CommentStatus.SPAM
    assert audit_of(comment.id) == [("mia", "spam")]


def test_a_comment_moderated_in_the_queue_spends_its_links(app, inbox, make, post_comment):
    comment = held_comment(make, post_comment)
    link = links_for(inbox()["mia@example.org"])["Trash"]
    assert approve_in_the_queue(browser_signed_in(app, "max"), comment.id).status_code == 303
    # Sent back to pending: still, the mail was about the comment as it was then.
    page = app.test_client().post(f"{link}act")
    assert page.status_code == 409 and "approved by max" in page.get_data(as_text=True)
    assert status_of(comment.id) == CommentStatus.APPROVED


def test_an_expired_link_is_refused_and_says_so(app, inbox, make, post_comment):
    comment = held_comment(make, post_comment)
    token = links_for(inbox()["mia@example.org"])["Approve"].split("/")[-2]
    payload = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=SALT).loads(token)

    class SeventyThreeHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 73 * 3600

    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=SALT, signer=SeventyThreeHoursAgo).dumps(payload)
    for response in (app.test_client().get(f"/moderation/mail/{old}/"),
                     app.test_client().post(f"/moderation/mail/{old}/act")):
        assert response.status_code == 410 and "expired" in response.get_data(as_text=True)
    assert status_of(comment.id) == CommentStatus.PENDING and audit_of(comment.id) == []


def test_a_tampered_link_is_a_404(app, inbox, make, post_comment):
    comment = held_comment(make, post_comment)
    token = links_for(inbox()["mia@example.org"])["Approve"].split("/")[-2]
    serializer = URLSafeTimedSerializer("not the site's secret", salt=SALT)
    max_id = db.session.scalar(select(func.max(AuditEntry.id))) or 0
    forged = [token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
              serializer.dumps([comment.id, "approve", 1, max_id]),
              "not-a-token"]
    for bad in forged:
        assert app.test_client().get(f"/moderation/mail/{bad}/").status_code == 404
        assert app.test_client().post(f"/moderation/mail/{bad}/act").status_code == 404
    assert status_of(comment.id) == CommentStatus.PENDING


def test_a_link_acts_only_as_the_moderator_it_was_mailed_to(app, inbox, make, post_comment):
    comment = held_comment(make, post_comment)
    mia_link = links_for(inbox()["mia@example.org"])["Approve"]
    # Forwarded to Max, who is signed in: refused, it cannot act as him, nor as Mia in his session.
    max_browser = browser_signed_in(app, "max")
    refused = max_browser.get(mia_link)
    assert refused.status_code == 403 and "mailed to mia" in refused.get_data(as_text=True)
    assert status_of(comment.id) == CommentStatus.PENDING
    # Mia demoted to editor: her links no longer act.
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "set-role", "mia", "editor"]).exit_code == 0
    assert app.test_client().post(f"{mia_link}act").status_code == 403
    assert status_of(comment.id) == CommentStatus.PENDING and audit_of(comment.id) == []


def test_a_signed_in_moderator_uses_their_own_link_with_their_csrf_token(app, inbox, make, post_comment):
    comment = held_comment(make, post_comment)
    link = links_for(inbox()["mia@example.org"])["Approve"]
    mia = browser_signed_in(app, "mia")
    page = mia.get(link).get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert mia.post(f"{link}act").status_code == 400  # without the token: refused like any signed-in post
    from helpers.forms import csrf_token_from

    assert mia.post(f"{link}act", data={"csrf_token": csrf_token_from(page)}).status_code == 303
    assert audit_of(comment.id) == [("mia", "approve")]


def test_a_link_posted_from_another_site_is_refused(app, inbox, make, post_comment):
    comment = held_comment(make, post_comment)
    link = links_for(inbox()["mia@example.org"])["Approve"]
    response = app.test_client().post(f"{link}act", headers={"Origin": "https://evil.example",
                                                             "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert status_of(comment.id) == CommentStatus.PENDING


def test_a_deleted_comment_s_link_says_it_is_gone(app, inbox, make, post_comment):
    comment = held_comment(make, post_comment)
    link = links_for(inbox()["mia@example.org"])["Approve"]
    db.session.delete(db.session.get(Comment, comment.id))
    db.session.commit()
    response = app.test_client().get(link)
    assert response.status_code == 410 and "has been deleted" in response.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"CANONICAL_URL": "https://blog.example.org",
                                         "SERVER_NAME": "www.blog.example.org",
                                         "ALLOWED_HOSTS": ["www.blog.example.org"]}], indirect=True)
def test_links_are_built_on_the_canonical_address(inbox, make, post_comment):
    held_comment(make, post_comment)
    text = text_of(inbox()["mia@example.org"])
    assert "https://blog.example.org/moderation/mail/" in text and "www.blog" not in text


def test_staff_addresses_are_set_checked_and_listed_from_the_command_line(app, make):
    runner = app.test_cli_runner()
    make.user("zoe")
    refused = runner.invoke(args=["users", "set-email", "zoe", "not an address"])
    assert refused.exit_code != 0 and "is not an email address" in refused.output
    assert runner.invoke(args=["users", "set-email", "zoe", "Zoe@Example.org"]).exit_code == 0
    assert "zoe\tmoderator\tcreated" in runner.invoke(args=["users", "list"]).output
    assert "Zoe@example.org" in runner.invoke(args=["users", "list"]).output
    created = runner.invoke(args=["users", "create", "yan", "--email", "yan@example.org", "--password-stdin"],
                            input="a long enough password\n")
    assert created.exit_code == 0, created.output
    assert "yan@example.org" in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "set-email", "zoe", ""]).output.strip() == "'zoe' gets no moderator mail."


def test_an_approved_comment_held_again_by_its_author_s_edit_is_mailed_with_fresh_links(app, inbox, make,
                                                                                          post_comment):
    comment = held_comment(make, post_comment)
    first = links_for(inbox()["mia@example.org"])
    reader = app.test_client()
    assert reader.post(f"{first['Approve']}act").status_code == 303
    edited = app.test_client().post(f"{private_url(comment.id)}edit", data={"body": "Changed after approval."})
    assert edited.status_code == 303 and status_of(comment.id) == CommentStatus.PENDING
    second = links_for(inbox()["mia@example.org"])  # the newest mail to Mia
    assert second["Approve"] != first["Approve"]
    assert "Changed after approval." in reader.get(second["Approve"]).get_data(as_text=True)
    assert reader.post(f"{first['Approve']}act").status_code == 409  # the old mail's link stays spent
    assert reader.post(f"{second['Trash']}act").status_code == 303
    assert status_of(comment.id) == CommentStatus.TRASH
    assert audit_of(comment.id) == [("mia", "approve"), ("mia", "trash")]
