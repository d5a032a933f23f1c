"""A real SMTP server for tests (aiosmtpd), keeping every message it receives."""

from __future__ import annotations

import time

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
