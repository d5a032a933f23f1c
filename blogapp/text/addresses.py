"""Whether a reader's website is an address every browser reads the same way.

A loose check (any http:// text with something after it) let through
"addresses" a browser cannot parse, or reads differently from us. Only plain
http(s) URLs with a real host name or IP address, no user name, no spaces or
characters that browsers escape, are accepted.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from .links import is_plain_url

_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# A last label like these makes browsers read the host as an IPv4 number.
_NUMERIC_LABEL = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$")


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_host_name(host: str) -> bool:
    """A DNS name (IDNA allowed) whose last label is not a number."""
    # Loaded by the first website to check, not in every worker.
    import idna

    try:
        ascii_host = idna.encode(host.rstrip("."), uts46=True).decode("ascii")
    except idna.IDNAError:
        return False
    labels = ascii_host.split(".")
    return (
        len(ascii_host) <= 253
        and all(_HOST_LABEL.match(label) for label in labels)
        and not _NUMERIC_LABEL.match(labels[-1])
    )


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an http:// or https:// address with a valid host."""
    if not is_plain_url(text) or not text.isprintable():
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host or "@" in parts.netloc:
        return False
    return _is_ip_address(host) or _is_host_name(host)
