"""Defaults for mail that commenters ask for: confirming an address, and its limits."""

from __future__ import annotations


class CommenterMailDefaults:
    """Confirmation mails (commenters/confirming.py) and comment subscriptions."""

    # A confirmation link ("is this your address?") works this long after it was mailed.
    CONFIRMATION_LINK_HOURS = 48
    # At most this many confirmation mails go to one address in 24 hours, whatever they
    # were for (subscribing, export, erasure): the forms cannot be used to mail strangers.
    CONFIRMATION_MAILS_PER_ADDRESS_PER_DAY = 3
    # ...and at most this many are asked for by one client (address) in an hour.
    CONFIRMATION_MAILS_PER_CLIENT_PER_HOUR = 5
