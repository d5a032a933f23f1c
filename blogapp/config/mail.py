"""Defaults for the mail moderators get about held comments."""

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
    MODERATOR_EMAILS: list[str] = []
