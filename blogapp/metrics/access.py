"""Who may read ``/metrics``: the addresses in METRICS_ALLOWED, or a bearer of METRICS_TOKEN.

The address is the real client's, as blogapp already reads it
(``request.remote_addr`` after TRUSTED_PROXIES' ProxyFix): with nginx in
front, a scrape through nginx comes from the scraper's address, and the
proxy's own loopback address grants nothing. The token is compared in
constant time, so its bytes cannot be guessed one by one from timings.
"""

from __future__ import annotations

import hmac
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"METRICS_ALLOWED: {entry!r} is not an address or network (e.g. 10.0.0.0/8 or ::1)") from None
    return tuple(networks)


def allowed_networks(config) -> tuple[IPv4Network | IPv6Network, ...]:
    """METRICS_ALLOWED as networks (a list, or one string of comma- or space-separated entries).

    :raise ValueError: naming an entry that is not an address or network.
    """
    entries = config["METRICS_ALLOWED"]
    if isinstance(entries, str):
        entries = entries.replace(",", " ").split()
    return _networks(tuple(str(entry) for entry in entries))


def address_allowed(address: str | None, config) -> bool:
    try:
        client = ip_address(address or "")
    except ValueError:
        return False
    if client.version == 6 and client.ipv4_mapped:
        client = client.ipv4_mapped
    return any(client in network for network in allowed_networks(config))


def token_presented(authorization: str | None, config) -> bool:
    """Whether ``Authorization: Bearer <token>`` names METRICS_TOKEN (never, without a token set)."""
    token = str(config["METRICS_TOKEN"] or "")
    scheme, _, offered = (authorization or "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(offered.strip().encode(), token.encode())
