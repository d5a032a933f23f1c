"""``flask check-config``'s look at the moderators' mail: the digest, the links, the sender's purge, the outbox page."""

from __future__ import annotations

from flask import Flask

from ..moderation.notices import recipients
from .checks import Finding

# Setting -> (least, most) whole number it may be.
RANGES = {
    "MODERATOR_DIGEST_MINUTES": (0, 7 * 24 * 60),
    "MODERATOR_LINK_HOURS": (1, 30 * 24),
    "OUTBOX_PURGE_HOURS": (0, 7 * 24),
    "OUTBOX_PAGE_SIZE": (1, 500),
}


def _out_of_range(app: Flask) -> Finding | None:
    for name, (least, most) in RANGES.items():
        value = app.config[name]
        if type(value) is not int or not least <= value <= most:
            return Finding("moderator mail", False, f"{name} is {value!r}, not a whole number from {least} to {most}",
                           f"set BLOGAPP_{name} to a whole number from {least} to {most}")
    return None


def check_moderator_mail(app: Flask) -> Finding | None:
    """Values the sender and the link pages would fail on, and whether anyone gets the mail at all."""
    problem = _out_of_range(app)
    if problem or not app.config["MAIL_SERVER"]:
        return problem
    who = recipients()
    if not who:
        return Finding("moderator mail", True, "no moderator has an address, so held comments are mailed to no one",
                       "to change that, give moderators addresses with `flask users set-email NAME EMAIL` (or set MODERATOR_EMAILS)")
    with_links = sum(recipient.user_id is not None for recipient in who)
    minutes = app.config["MODERATOR_DIGEST_MINUTES"]
    how = f"a digest every {minutes} minutes" if minutes else "a mail per held comment"
    return Finding("moderator mail", True, f"{how} to {len(who)} recipients, {with_links} with one-time links")
