"""Mail a commenter asked for, and only that: opt in, confirm once with a button, get told, stop in one click.

Every mail goes through the outbox and the real sender (``flask outbox
send``) to a real SMTP server (aiosmtpd), as in production.
"""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from blogapp.commenters import subscriptions
from blogapp.extensions import db
from blogapp.storage.models import Comment, CommentStatus, Confirmation, Subscription, utcnow

from harness.html_checks import SavedPages, vnu_errors
from harness.site import snapshot
from helpers.accounts import approve_in_the_queue, browser_signed_in
from helpers.forms import csrf_token_from
from helpers.mail import start_sink

LINK = re.compile(r"https://blog\.test(/\S+)")
BUTTON_FORM = re.compile(r'<form method="post" action="([^"]+)"')


class Mailbox:
    """The SMTP server and the sender between it and the outbox."""

    def __init__(self, runner, sink):
        self.runner, self.sink, self.seen = runner, sink, 0

    def new(self) -> list[EmailMessage]:
        """Send what the outbox holds; the messages that arrived since the last look."""
        result = self.runner.invoke(args=["outbox", "send"])
        assert "failed 0" in result.output, result.output
        messages = self.sink.handler.messages[self.seen:]
        self.seen = len(self.sink.handler.messages)
        # Headers decoded and unfolded, as a mail client shows them.
        return [message_from_bytes(message.as_bytes(), policy=policy.default) for message in messages]


@pytest.fixture
def mailbox(app, runner):
    sink = start_sink()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, MAIL_TIMEOUT=5, MAIL_SENDER="blog@example.org",
                      CANONICAL_URL="https://blog.test")
    yield Mailbox(runner, sink)
    sink.stop()


@pytest.fixture
def article(make):
    return make.article(title="Reading a privacy policy")


@pytest.fixture
def moderator(app, make):
    make.user("moderator")
    return browser_signed_in(app, "moderator")


def body(message: EmailMessage) -> str:
    return message.get_content()


def unsubscribe_address(message: EmailMessage) -> str:
    """The https address in List-Unsubscribe (a long one comes folded onto a line of its own)."""
    return message["List-Unsubscribe"].strip()[1:-1]


def links(message: EmailMessage) -> list[str]:
    return LINK.findall(body(message))


def opt_in(post_comment, article, email="ada@example.org", **fields):
    response = post_comment(article, email=email, notify="y", **fields)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()


def confirm(client, message: EmailMessage):
    [link] = [path for path in links(message) if path.startswith("/mail/confirm/")]
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    [action] = BUTTON_FORM.findall(page.get_data(as_text=True))
    return client.post(action)


def test_the_box_is_unticked_and_asks_for_an_address(app, client, mailbox, article, post_comment):
    app.config["COMMENT_EMAIL_REQUIRED"] = False
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert 'id="notify" name="notify" type="checkbox" value="y" aria-describedby' in page
    response = post_comment(article, email="", notify="y")
    assert response.status_code == 400
    assert "Please give your email address to get mail about your comment." in response.get_data(as_text=True)
    assert db.session.scalar(select(Comment.id)) is None


def test_without_the_box_nothing_is_stored_or_sent(client, mailbox, article, post_comment, moderator):
    post_comment(article, email="ada@example.org")
    approve_in_the_queue(moderator, db.session.scalar(select(Comment.id)))
    assert mailbox.new() == [] and db.session.scalar(select(Subscription.id)) is None


def test_an_unconfirmed_address_gets_one_mail_and_nothing_else(client, mailbox, article, post_comment, moderator):
    comment = opt_in(post_comment, article)
    [mail] = mailbox.new()
    assert mail["To"] == "ada@example.org" and "Confirm" in mail["Subject"]
    assert "List-Unsubscribe" not in mail
    # A second opt-in before confirming: no second mail.
    second = opt_in(post_comment, article, body="Another thought.")
    page = client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    assert "We sent a confirmation mail to this address earlier" in page
    for each in (comment, second):
        assert approve_in_the_queue(moderator, each.id).status_code == 303
    assert mailbox.new() == []


def test_following_the_link_confirms_nothing_pressing_the_button_does(client, mailbox, article, post_comment,
                                                                      moderator):
    comment = opt_in(post_comment, article)
    [mail] = mailbox.new()
    [link] = links(mail)
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert "Yes, send me that mail" in page.get_data(as_text=True)
    assert db.session.scalar(select(Subscription.confirmed_at)) is None
    assert confirm(client, mail).status_code == 303
    db.session.expire_all()
    assert db.session.scalar(select(Subscription.confirmed_at)) is not None
    assert "Your address is confirmed" in client.get(link).get_data(as_text=True)

    approve_in_the_queue(moderator, comment.id)
    [published] = mailbox.new()
    assert published["To"] == "ada@example.org" and "is published" in published["Subject"]
    assert f"https://blog.test/articles/{article.slug}/#comment-{comment.id}" in body(published)
    unsubscribe = published["List-Unsubscribe"].strip()
    assert re.fullmatch(r"<https://blog\.test/mail/unsubscribe/[\w.-]+>", unsubscribe)
    assert published["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in body(published)
    assert any(path.startswith("/mail/stop-all/") for path in links(published))


def test_a_confirmed_address_opts_in_at_once_and_hears_of_replies(client, app, mailbox, article, post_comment,
                                                                  moderator):
    first = opt_in(post_comment, article)
    confirm(client, mailbox.new()[0])
    parent = opt_in(post_comment, article, body="My second comment.")
    assert "You will get mail when it is published" in client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    approve_in_the_queue(moderator, parent.id)
    assert [m["Subject"] for m in mailbox.new()] == ["[blogapp] Your comment on “Reading a privacy policy” is published"]

    # A reader's reply: nothing while it waits, a mail when it is approved.
    reader = app.test_client()
    page = reader.get(f"/articles/{article.slug}/?reply_to={parent.id}").get_data(as_text=True)
    hidden = dict(re.findall(r'<input id="\w+" name="(rendered|reply_to)" type="hidden" value="([^"]*)"', page))
    reader.post(f"/articles/{article.slug}/comments",
                data={**hidden, "name": "Bob", "email": "bob@example.org", "body": "I disagree, kindly."})
    reply = db.session.scalars(select(Comment).where(Comment.author_name == "Bob")).one()
    assert reply.parent_id == parent.id and mailbox.new() == []
    approve_in_the_queue(moderator, reply.id)
    [told] = mailbox.new()
    assert told["To"] == "ada@example.org" and "A reply to your comment" in told["Subject"]
    assert "Bob replied" in body(told) and "I disagree, kindly." in body(told)
    assert f"#comment-{reply.id}" in body(told) and told["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Unapproved and approved again: she was told once.
    queue = moderator.get("/moderation/?tab=approved").get_data(as_text=True)
    assert moderator.post(f"/moderation/comments/{reply.id}/unapprove",
                          data={"csrf_token": csrf_token_from(queue), "tab": "approved", "page": "1"}).status_code == 303
    approve_in_the_queue(moderator, reply.id)
    assert mailbox.new() == []
    # Ada's reply to herself: she hears it is published, not that someone replied.
    opt_in(post_comment, article, body="Replying to myself.", reply_to=str(parent.id))
    approve_in_the_queue(moderator, db.session.scalar(select(Comment.id).order_by(Comment.id.desc())))
    assert [m["Subject"] for m in mailbox.new()] == ["[blogapp] Your comment on “Reading a privacy policy” is published"]
    assert first.status == CommentStatus.PENDING


def _published_mail(client, mailbox, article, post_comment, moderator) -> tuple[Comment, EmailMessage]:
    comment = opt_in(post_comment, article)
    confirm(client, mailbox.new()[0])
    approve_in_the_queue(moderator, comment.id)
    [published] = mailbox.new()
    return comment, published


def test_one_click_unsubscribe_stops_mail_for_that_comment(app, client, mailbox, article, post_comment, moderator):
    comment, published = _published_mail(client, mailbox, article, post_comment, moderator)
    other = opt_in(post_comment, article, body="Still subscribed here.")
    address = unsubscribe_address(published)
    path = urlsplit(address).path
    # A GET (a link scanner) shows the button and stops nothing.
    assert "Stop this mail" in client.get(path).get_data(as_text=True)
    assert db.session.scalar(select(Subscription.id).where(Subscription.comment_id == comment.id))
    # The mail provider's POST: no cookie, no CSRF token, its own Origin.
    provider = app.test_client()
    provider.as_script = True
    response = provider.post(path, data={"List-Unsubscribe": "One-Click"},
                             headers={"Origin": "https://mail.example", "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200 and "stopped" in response.get_data(as_text=True)
    # Again, as multipart/form-data (RFC 8058 allows either): still a 200, nothing left to stop.
    again = provider.post(path, data={"List-Unsubscribe": "One-Click"}, content_type="multipart/form-data")
    assert again.status_code == 200 and "stopped" in again.get_data(as_text=True)
    assert db.session.scalar(select(Subscription.id).where(Subscription.comment_id == comment.id)) is None
    # The reader's other comment still has its mail.
    approve_in_the_queue(moderator, other.id)
    assert [m["Subject"] for m in mailbox.new()] == ["[blogapp] Your comment on “Reading a privacy policy” is published"]


def test_a_post_without_the_one_click_field_changes_nothing(app, client, mailbox, article, post_comment, moderator):
    _, published = _published_mail(client, mailbox, article, post_comment, moderator)
    before = snapshot()
    response = client.post(urlsplit(unsubscribe_address(published)).path, data={"List-Unsubscribe": "yes"})
    assert response.status_code == 400 and "not a one-click unsubscribe request" in response.get_data(as_text=True)
    assert snapshot() == before


def test_stop_all_stops_every_mail_to_the_address(app, client, mailbox, article, post_comment, moderator):
    _, published = _published_mail(client, mailbox, article, post_comment, moderator)
    later = opt_in(post_comment, article, body="A later comment.")
    bob = opt_in(post_comment, article, email="bob@example.org", body="Bob's comment.")
    [stop_all] = [path for path in links(published) if path.startswith("/mail/stop-all/")]
    page = client.get(stop_all).get_data(as_text=True)
    assert "You asked for mail about 2 comments" in page
    [action] = BUTTON_FORM.findall(page)
    assert client.post(action).status_code == 303
    assert "No mail goes to your address" in client.get(stop_all).get_data(as_text=True)
    approve_in_the_queue(moderator, later.id)
    # Only Bob's confirmation mail: Ada gets nothing more, and must confirm again to opt in again.
    assert [m["To"] for m in mailbox.new()] == ["bob@example.org"]
    assert db.session.scalar(select(Subscription.comment_id)) == bob.id
    opt_in(post_comment, article, body="Changed my mind.")
    [again] = mailbox.new()
    assert again["To"] == "ada@example.org" and "Confirm" in again["Subject"]


def test_confirmation_mails_are_limited_per_address(app, client, mailbox, article, post_comment):
    app.config["CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY"] = 2
    for number in range(3):
        opt_in(post_comment, article, body=f"Comment {number}.")
        # Each link is spent, so each opt-in asks for a new one.
        db.session.execute(Confirmation.__table__.update().values(used_at=utcnow()))
        db.session.commit()
    assert len(mailbox.new()) == 2
    assert "too many went to it or from here lately" in client.get(f"/articles/{article.slug}/").get_data(as_text=True)


def test_confirmation_mails_are_limited_per_client(app, client, mailbox, article, post_comment):
    app.config["CONFIRMATION_MAILS_PER_CLIENT_PER_HOUR"] = 2
    for number in range(3):
        opt_in(post_comment, article, email=f"stranger{number}@example.org", body=f"Comment {number}.")
    assert [m["To"] for m in mailbox.new()] == ["stranger0@example.org", "stranger1@example.org"]
    assert "too many went to it or from here lately" in client.get(f"/articles/{article.slug}/").get_data(as_text=True)
    # The comment itself is kept, waiting for a moderator as any other.
    assert db.session.scalar(select(Comment.status).where(Comment.author_email == "stranger2@example.org")) \
        == CommentStatus.PENDING


def _tampered(path: str) -> str:
    head, _, token = path.rpartition("/")
    return f"{head}/{token[:-3]}{'AAA' if not token.endswith('AAA') else 'BBB'}"


def test_tampered_and_expired_links_get_a_clear_404_and_change_nothing(app, client, mailbox, article, post_comment,
                                                                       moderator):
    _, published = _published_mail(client, mailbox, article, post_comment, moderator)
    opt_in(post_comment, article, email="bob@example.org", body="Bob waits.")
    [confirmation_mail] = mailbox.new()
    [confirm_path] = links(confirmation_mail)
    paths = [urlsplit(unsubscribe_address(published)).path,
             *(path for path in links(published) if path.startswith("/mail/stop-all/")), confirm_path]
    before = snapshot()
    for path in paths:
        for bad in (_tampered(path), path.rpartition("/")[0] + "/not-a-token"):
            for response in (client.get(bad), client.post(bad, data={"List-Unsubscribe": "One-Click"})):
                page = response.get_data(as_text=True)
                assert response.status_code == 404 and "This link does not work" in page, (bad, page[:500])
                assert response.headers["Cache-Control"] == "no-store"
    # Bob's link, once expired.
    db.session.execute(Confirmation.__table__.update().values(created_at=utcnow() - timedelta(hours=49)))
    db.session.commit()
    before = snapshot()
    for response in (client.get(confirm_path), client.post(confirm_path)):
        assert response.status_code == 404 and "expired" in response.get_data(as_text=True)
    assert snapshot() == before


def test_the_purge_keeps_addresses_that_still_get_mail(app, runner, client, mailbox, article, post_comment,
                                                       moderator):
    comment, _ = _published_mail(client, mailbox, article, post_comment, moderator)
    plain = post_comment(article, email="bob@example.org", body="No mail for me.")
    assert plain.status_code == 303
    bob = db.session.scalars(select(Comment).where(Comment.author_email == "bob@example.org")).one()
    approve_in_the_queue(moderator, bob.id)
    db.session.execute(Comment.__table__.update().values(created_at=utcnow() - timedelta(days=40)))
    db.session.commit()
    assert runner.invoke(args=["purge"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).author_email == "ada@example.org"
    assert db.session.get(Comment, bob.id).author_email == ""


def test_a_staff_reply_from_the_queue_or_the_article_tells_the_author(app, client, mailbox, article, post_comment,
                                                                     moderator):
    comment, _ = _published_mail(client, mailbox, article, post_comment, moderator)
    page = moderator.get(f"/moderation/comments/{comment.id}/").get_data(as_text=True)
    token = re.search(r'name="reply-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = moderator.post(f"/moderation/comments/{comment.id}/reply",
                              data={"reply-csrf_token": token, "reply-body": "Thanks, fixed.", "reply-tab": "pending",
                                    "reply-page": "1"})
    assert response.status_code == 303
    [from_queue] = mailbox.new()
    assert "A reply to your comment" in from_queue["Subject"] and "Thanks, fixed." in body(from_queue)
    # A moderator's reply through the article's form is approved as it is posted: it tells her too.
    page = moderator.get(f"/articles/{article.slug}/?reply_to={comment.id}").get_data(as_text=True)
    fields = dict(re.findall(r'name="(csrf_token|rendered|reply_to)" type="hidden" value="([^"]*)"', page))
    response = moderator.post(f"/articles/{article.slug}/comments",
                              data={**fields, "name": "moderator", "email": "mod@example.org", "body": "One more thing."})
    assert response.status_code == 303
    [from_article] = mailbox.new()
    assert "A reply to your comment" in from_article["Subject"] and "One more thing." in body(from_article)


def test_an_opt_in_never_confirmed_keeps_no_address(app, runner, client, mailbox, article, post_comment, moderator):
    comment = opt_in(post_comment, article)
    approve_in_the_queue(moderator, comment.id)
    db.session.execute(Comment.__table__.update().values(created_at=utcnow() - timedelta(days=40)))
    db.session.execute(Subscription.__table__.update().values(created_at=utcnow() - timedelta(days=40)))
    db.session.commit()
    assert runner.invoke(args=["purge"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).author_email == ""
    assert db.session.scalar(select(Subscription.id)) is None


def test_the_form_with_the_box_and_the_link_pages_are_valid_html(app, client, mailbox, article, post_comment,
                                                                tmp_path):
    app.config["COMMENT_EMAIL_REQUIRED"] = False
    saved = SavedPages(tmp_path)
    saved.save("article", client.get(f"/articles/{article.slug}/").get_data())
    saved.save("box ticked, no address", post_comment(article, email="", notify="y").get_data())
    comment = opt_in(post_comment, article)
    [mail] = mailbox.new()
    saved.save("confirm", client.get(links(mail)[0]).get_data())
    subscription = db.session.scalars(select(Subscription).where(Subscription.comment_id == comment.id)).one()
    saved.save("stop one", client.get(f"/mail/unsubscribe/{subscriptions.stop_token(subscription)}").get_data())
    assert vnu_errors(saved) == {}
