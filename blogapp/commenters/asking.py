"""Asking for one's data, or its erasure: a confirmation link goes to the address, if it has anything here.

Whatever the address, the request is counted (commenters/confirming.py) and
the reader sees the same page, so the form tells nobody whether an address
has commented here, and cannot be used to mail strangers: a mail goes only
to an address the blog keeps something of.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from . import confirming, records


@dataclass(frozen=True)
class Request:
    """What a confirmation mail asks the reader to confirm."""

    purpose: str
    endpoint: str
    subject: str
    what: str


EXPORT = Request("export", "commenters.confirm_export", "Download your data",
                 "a copy of everything it keeps about the comments made with this address")
ERASE = Request("erase", "commenters.confirm_erase", "Erase your data",
                "to erase everything it keeps about the comments made with this address")


def _mail_text(request: Request, link: str) -> str:
    config = current_app.config
    return (
        f"Someone, we hope you, asked {config['SITE_NAME']} for {request.what}.\n\n"
        f"To go on, open this link and press the button on the page:\n{link}\n\n"
        f"The link works once, for {config['CONFIRMATION_LINK_HOURS']} hours. "
        "If you did not ask, ignore this mail: nothing happens until the button is pressed.\n"
    )


def ask(request: Request, email: str) -> None:
    """Count the request and, if the blog keeps anything of ``email``'s, mail it a link; the caller commits.

    :raise confirming.TooManyMails: the address or the client has had its share for now.
    """
    # Asked first: the confirmation recorded next is about the address too.
    holds_anything = records.holds_anything(email)
    confirmation = confirming.begin(request.purpose, email)
    if holds_anything:
        link = confirming.link_for(confirmation, request.endpoint)
        confirming.send(confirmation, request.subject, _mail_text(request, link))
