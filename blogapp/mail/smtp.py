"""Handing one message to the configured SMTP server.

smtplib is loaded by the first mail sent, so a web worker, which never
sends (the outbox sender does), does not hold it.
"""

from __future__ import annotations

import ssl
from email.message import Message

from flask import current_app


def send(message: Message) -> None:
    """Deliver ``message``; smtplib's errors (OSErrors) reach the caller."""
    import smtplib

    config = current_app.config
    security, timeout = config["MAIL_SECURITY"], config["MAIL_TIMEOUT"]
    smtp_class = smtplib.SMTP_SSL if security == "ssl" else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout) as smtp:
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
