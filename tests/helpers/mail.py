"""A real SMTP server for tests (aiosmtpd), keeping every message it receives."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from .servers import free_port


class Inbox(Message):
    """Keeps every message the sink receives; ``delay`` seconds per message makes senders overlap."""

    def __init__(self, delay: float = 0):
        super().__init__()
        self.messages = []
        self.delay = delay

    def handle_message(self, message) -> None:
        time.sleep(self.delay)
        self.messages.append(message)


def start_sink(port: int | None = None, delay: float = 0) -> Controller:
    """An SMTP server on 127.0.0.1 (``port``, or a free one); stop it with ``.stop()``."""
    controller = Controller(Inbox(delay), hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller


MODERATOR_LINK = re.compile(r"^\s*(Approve|Mark as spam|Trash): (https?://\S+?)\r?$", re.MULTILINE)


def text_of(message) -> str:
    """A received message's plain-text body, decoded."""
    return message.get_payload(decode=True).decode()


def moderator_links(message) -> list[tuple[str, str]]:
    """(label, site-relative path) of every one-time link in a moderators' mail, in order."""
    return [(label, urlsplit(url).path) for label, url in MODERATOR_LINK.findall(text_of(message))]
