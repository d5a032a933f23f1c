"""Driving the real forms through a Flask test client, in bulk.

Each helper loads the page a person would, reads its hidden fields (CSRF
token, signed render time) and sends the form back, so every check in
``forms.py`` and the moderation policy runs as in production.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from functools import cache

import yaml
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from blogapp.commenters import confirming, subscriptions
from blogapp.comments.private_links import private_token
from blogapp.extensions import db
from blogapp.mail.outbox import enqueue
from blogapp.comments.moderator_links import link_token
from blogapp.moderation.notices import Recipient, held_comment_message
from blogapp.storage.models import (
    ArticleSlugRedirect,
    ArticleStatus,
    Ban,
    BlockEntry,
    BlockKind,
    CategorySlugRedirect,
    CommentStatus,
    Role,
    Subscription,
    User,
    utcnow,
)

from helpers.accounts import PASSWORD
from helpers.accounts import sign_in as sign_in_through_the_form
from helpers.forms import HIDDEN_FIELD, csrf_token_from

QUEUE_ID = re.compile(r'name="ids" value="(\d+)"')
FORM_ERRORS = "Your comment was not sent."


def sign_in(client, username: str) -> None:
    response = sign_in_through_the_form(client, username)
    assert response.status_code == 303, response.get_data(as_text=True)


def comment_form_fields(client, slug: str) -> dict:
    """The hidden fields of an article's comment form, valid for many posts."""
    return dict(HIDDEN_FIELD.findall(client.get(f"/articles/{slug}/").get_data(as_text=True)))


class CommentSender:
    """A reader with an article page open, sending its comment form again and again."""

    def __init__(self, client, slug: str):
        self.client, self.slug = client, slug
        self.hidden = comment_form_fields(client, slug)

    def send(self, fields: dict):
        """Post ``fields``; a refused comment must come back with the form and its reasons."""
        data = {"email": "reader@example.org", "website": "", **self.hidden, **fields}
        response = self.client.post(f"/articles/{self.slug}/comments", data=data)
        if response.status_code == 400:
            assert FORM_ERRORS in response.get_data(as_text=True), fields
        return response


def approve_all_pending(client) -> int:
    """Tick every comment on the queue's first page and approve them, until none waits."""
    approved = 0
    while True:
        page = client.get("/moderation/?tab=pending").get_data(as_text=True)
        ids = QUEUE_ID.findall(page)
        if not ids:
            return approved
        data = {"csrf_token": csrf_token_from(page), "tab": "pending", "page": "1", "action": "approve", "ids": ids}
        assert client.post("/moderation/bulk", data=data).status_code == 303
        approved += len(ids)


@dataclass(frozen=True)
class Site:
    """The ids and slugs of a small blog with something of every kind, for filling in addresses."""

    slug: str
    category_slug: str
    category_id: int
    article_id: int
    comment_id: int
    # The approved comment's private page address (comments/private_links.py).
    comment_token: str = ""
    # Confirmation links mailed to the approved comment's address (commenters/confirming.py).
    export_token: str = ""
    erase_token: str = ""
    # The moderator's one-time link to approve the pending comment (moderation/links.py), and a mail in the outbox.
    moderator_link: str = ""
    mail_id: int = 0
    # Commenters' mail (commenters/mail_views.py): the pending comment's address waits for its
    # confirmation link; the approved comment's mail has its one-click and stop-all links.
    confirm_token: str = ""
    unsubscribe_token: str = ""
    stop_all_token: str = ""
    # Slugs the article and the category had before: their addresses redirect.
    old_slug: str = "privacy-policies-explained"
    old_category_slug: str = "data-protection"
    # An image in the media library, and one of its files (harness/media_site.py).
    image_id: int = 0
    image_file: str = ""
    # A block-list entry and a ban in force (moderation/blocklist_views.py).
    block_entry_id: int = 0
    ban_id: int = 0

    def url(self, template: str) -> str:
        return template.format(**asdict(self))


@cache
def quick_password_hash() -> str:
    """PASSWORD hashed cheaply: these tests sign in hundreds of times, and test scrypt elsewhere."""
    return generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def seed_site(make) -> Site:
    """A category and a published article (both renamed once), the article's approved and pending
    comments, a draft, and staff."""
    category = make.category(name="Privacy", slug="privacy", description="Keeping data private.")
    article = make.article(title="Reading a privacy policy", slug="reading-a-privacy-policy", category=category,
                           summary="What to look for.", body_markdown="Look for *retention* and **sharing**.")
    make.article(title="A draft", slug="a-draft", category=category, status=ArticleStatus.DRAFT, published_at=None)
    comment = make.comment(article, body="Helpful, thank you.", author_url="https://example.org/")
    pending = make.comment(article, body="Waiting for a moderator.", status=CommentStatus.PENDING)
    db.session.add(ArticleSlugRedirect(old_slug=Site.old_slug, article=article))
    db.session.add(CategorySlugRedirect(old_slug=Site.old_category_slug, category=category))
    for role in (Role.ADMIN, Role.EDITOR, Role.MODERATOR):
        db.session.add(User(username=role.value, role=role, password_hash=quick_password_hash()))
    db.session.commit()
    mail = enqueue(held_comment_message(pending, Recipient("moderator@example.org")), "held-comment")
    db.session.commit()
    moderator = db.session.scalar(select(User.id).where(User.username == Role.MODERATOR.value))
    return Site(article.slug, category.slug, category.id, article.id, comment.id, private_token(comment.id),
                moderator_link=link_token(pending.id, "approve", moderator, 0), mail_id=mail.id,
                **comment_mail_tokens(comment, pending), **block_list_rows())


def block_list_rows() -> dict[str, int]:
    """A blocked word, and a ban in force of an address that wrote nothing here."""
    ban = Ban(email="banned@example.org", username=Role.MODERATOR.value)
    entry = BlockEntry(kind=BlockKind.WORD, value="casino", note="seeded for the route tests")
    db.session.add_all([ban, entry])
    db.session.commit()
    return {"block_entry_id": entry.id, "ban_id": ban.id}


def comment_mail_tokens(approved, pending) -> dict[str, str]:
    """Mail settings for both comments (one address): the approved one's confirmed, the pending one's
    waiting for its link (as if the address had stopped all mail and asked again)."""
    digest = confirming.address_digest(approved.author_email)
    confirmed = Subscription(comment_id=approved.id, email_digest=digest, confirmed_at=utcnow(), told_published=True)
    db.session.add_all([confirmed, Subscription(comment_id=pending.id, email_digest=digest)])
    confirmation = confirming.begin("subscribe", pending.author_email, client="")
    db.session.commit()
    return {"confirm_token": confirming.token_for(confirmation), "unsubscribe_token": subscriptions.stop_token(confirmed),
            "stop_all_token": subscriptions.stop_all_token(approved.author_email)}


def with_confirmation_links(site: Site) -> Site:
    """``site`` with an export and an erasure link for the approved comment's address."""
    tokens = {f"{purpose}_token": confirming.token_for(confirming.begin(purpose, "reader@example.org", client=""))
              for purpose in ("export", "erase")}
    db.session.commit()
    return replace(site, **tokens)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in key order: equal snapshots mean nothing was stored or changed."""
    rows = {}
    for table in db.metadata.sorted_tables:
        rows[table.name] = [tuple(row) for row in db.session.execute(table.select().order_by(*table.primary_key))]
    db.session.rollback()
    return rows


def publish_through_the_desk(client, category_id: int, title: str, body: str) -> str:
    """Publish an article with the desk's form, as a signed-in editor; returns its desk address."""
    page = client.get("/desk/articles/new").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "title": title, "slug": "", "category": str(category_id),
            "summary": title, "body": body, "status": "published", "publish_at": "", "comments_open": "y",
            "version": ""}
    response = client.post("/desk/articles/new", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def import_from_files(runner, tmp_path, category: str, batches: list[tuple[str, str]]) -> None:
    """Publish (title, Markdown body) pairs with ``flask articles import``."""
    files = []
    for number, (title, body) in enumerate(batches):
        path = tmp_path / f"hostile-{number}.md"
        front = {"title": title, "slug": f"hostile-import-{number}", "category": category,
                 "status": "published", "date": "2020-01-01"}
        path.write_text(f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{body}\n")
        files.append(str(path))
    result = runner.invoke(args=["articles", "import", *files])
    assert result.exit_code == 0, result.output
