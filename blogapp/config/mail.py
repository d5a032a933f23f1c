"""Defaults for the mail the blog sends, and for the outbox that sends it."""

from __future__ import annotations


class MailDefaults:
    """Mail to moderators about held comments."""

    # --- Mail to moderators about held comments; off while MAIL_SERVER is empty ---
    MAIL_SERVER = ""
    MAIL_PORT = 25
    # "starttls", "ssl" or "" (plain, for a local relay).
    MAIL_SECURITY = ""
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_SENDER = "blogapp@localhost"
    MAIL_TIMEOUT = 10
    # Addresses that get the held-comment mail without links (the queue's address only).
    # Moderators with an address of their own (`flask users set-email NAME EMAIL`) get
    # it with one-time links to approve, mark as spam or trash, signed for them alone.
    MODERATOR_EMAILS: list[str] = []
    # 0: one mail per held comment, at once. N > 0: at most one mail every N minutes
    # per moderator, listing every comment held since the last (the sender builds it).
    MODERATOR_DIGEST_MINUTES = 0
    # A moderator's one-time link works this long after its mail was written (and only once).
    MODERATOR_LINK_HOURS = 72

    # --- The outbox (blogapp/mail/sending.py): `flask outbox send` delivers it ---
    # A failed mail is tried again after this many seconds, doubling each time
    # (60 s, 2 min, 4 min, ...), up to OUTBOX_MAX_ATTEMPTS tries; then it is
    # "failed" and stays listed, with its last error, in `flask outbox list`.
    OUTBOX_RETRY_SECONDS = 60
    OUTBOX_MAX_ATTEMPTS = 8
    # A sender holds the mails it claimed this long; if it dies, another takes them after.
    OUTBOX_CLAIM_SECONDS = 300
    # `flask outbox send --watch` looks for new mail this often.
    OUTBOX_WATCH_SECONDS = 5
    # `flask outbox send --watch` runs `flask purge` this often (0: never; run it from cron then).
    OUTBOX_PURGE_HOURS = 24
    # Mails a page of the admins' outbox page (/admin/outbox/) lists.
    OUTBOX_PAGE_SIZE = 50
