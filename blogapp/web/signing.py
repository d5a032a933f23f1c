"""Signed tokens in itsdangerous's URL-safe format, made without its layers.

A page view or a comment post signs a few things (the session cookie, the
comment form's render time); through
itsdangerous's serializers each costs 20 to 30 µs, most of it in Python
layers around one HMAC. ``QuickSigner`` derives the key once and writes the
same format, so Flask, Flask-WTF and itsdangerous read its tokens and it
reads theirs (``tests/pages/test_signing.py`` checks both ways). Like
itsdangerous, a payload is sent compressed (``.`` prefix) when that makes it
shorter; small ones are not tried, since they never shrink.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import zlib

from itsdangerous import Signer
from itsdangerous.encoding import bytes_to_int, int_to_bytes


def _encode(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _decode(data: bytes) -> bytes:
    return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))


# Below this many bytes zlib's header and checksum outweigh what it saves.
WORTH_COMPRESSING = 120


def _payload(data: bytes) -> bytes:
    if len(data) >= WORTH_COMPRESSING:
        compressed = zlib.compress(data)
        if len(compressed) < len(data) - 1:
            return b"." + _encode(compressed)
    return _encode(data)


class QuickSigner:
    """Sign and check one kind of token: one secret, one salt, SHA-1 as itsdangerous uses.

    ``key_derivation``: ``"django-concat"`` (itsdangerous's default, used by
    Flask-WTF) or ``"hmac"`` (Flask's session cookie). ``timed`` adds and
    checks a timestamp as ``URLSafeTimedSerializer`` does.
    """

    def __init__(self, secret: str | bytes, salt: str, key_derivation: str = "django-concat", timed: bool = True):
        signer = Signer(secret, salt=salt, key_derivation=key_derivation, digest_method=hashlib.sha1)
        self.key, self.timed = signer.derive_key(), timed
        # An HMAC keyed once: copying it skips hashing the padded key again (half the cost).
        self._keyed = hmac.new(self.key, digestmod=hashlib.sha1)

    def _signature(self, value: bytes) -> bytes:
        mac = self._keyed.copy()
        mac.update(value)
        return _encode(mac.digest())

    def sign(self, payload: bytes, now: float | None = None) -> str:
        """``payload`` (the JSON text) as a signed token."""
        value = _payload(payload)
        if self.timed:
            value += b"." + _encode(int_to_bytes(int(time.time() if now is None else now)))
        return (value + b"." + self._signature(value)).decode("ascii")

    def unsign(self, token: str, max_age: float | None = None) -> tuple[bytes, int | None] | None:
        """(JSON payload, timestamp) of a valid token; None when forged, malformed or older than ``max_age``."""
        try:
            value, _, signature = token.encode("ascii").rpartition(b".")
            if not hmac.compare_digest(self._signature(value), signature):
                return None
            stamp = None
            if self.timed:
                value, _, encoded_stamp = value.rpartition(b".")
                stamp = bytes_to_int(_decode(encoded_stamp))
                age = time.time() - stamp
                if age < 0 or (max_age is not None and age > max_age):
                    return None
            compressed = value.startswith(b".")
            payload = _decode(value[1:] if compressed else value)
            return (zlib.decompress(payload) if compressed else payload), stamp
        except (UnicodeError, ValueError, zlib.error):
            return None


def app_signer(app, secret: str | bytes, salt: str, timed: bool = True) -> QuickSigner:
    """The app's signer for ``salt`` and ``secret``, built once (deriving the key is per signer)."""
    signers = app.extensions.setdefault("blogapp.signers", {})
    key = (secret, salt, timed)
    if key not in signers:
        signers[key] = QuickSigner(secret, salt, timed=timed)
    return signers[key]
