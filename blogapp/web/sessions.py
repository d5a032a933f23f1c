"""Flask's signed-cookie sessions, signed and read with ``QuickSigner``.

Flask builds a new itsdangerous serializer for every request and signs
through its layers, which costs more than reading a small cookie. The
cookies written here are the same format Flask writes (``signing.py``), so
sessions survive switching either way; the signers are built once per set of
keys.
"""

from __future__ import annotations

import json
import time
from functools import lru_cache

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

from .signing import QuickSigner

# Value types that Flask's tagged JSON writes as plain JSON.
PLAIN = (str, int, float, bool, type(None))
# Cookies whose signature was checked, per set of keys (a few hundred bytes each).
REMEMBERED_COOKIES = 512
# json.dumps builds a new encoder whenever it is given options: build this one once.
COMPACT_JSON = json.JSONEncoder(separators=(",", ":"))
REFUSED = "The session cookie is not one this site signed, or it has expired."


class SessionSerializer:
    """The ``dumps``/``loads`` pair Flask's session interface needs."""

    def __init__(self, interface: SecureCookieSessionInterface, keys: list):
        # Sign with the current key (the last); accept the fallbacks too, newest first.
        self.signers = [QuickSigner(key, interface.salt, interface.key_derivation) for key in reversed(keys)]
        self.json = interface.serializer
        # A reader sends the same cookie with every page: check its signature once.
        # Only valid cookies are kept (lru_cache does not keep exceptions); the age is checked on every read.
        self._verified = lru_cache(maxsize=REMEMBERED_COOKIES)(self._verify)

    def dumps(self, session: dict) -> str:
        if all(type(value) in PLAIN for value in session.values()) and not any(k.startswith(" ") for k in session):
            # What Flask's tagged JSON writes for such a session, written directly.
            payload = COMPACT_JSON.encode(session)
        else:
            payload = self.json.dumps(session)
        return self.signers[0].sign(payload.encode())

    def loads(self, token: str, max_age: int | None = None) -> dict:
        stamp, session = self._verified(token)
        age = time.time() - stamp
        if age < 0 or (max_age is not None and age > max_age):
            raise BadSignature(REFUSED)
        # A fresh dict each time: the request may change its session.
        return dict(session) if isinstance(session, dict) else self._parse(session)

    def _verify(self, token: str) -> tuple[int, dict | bytes]:
        """(signing time, session) of a cookie signed with one of the keys.

        The session comes as a dict when all its values are plain (a copy is
        then a whole copy), else as its JSON, to be parsed for each request.
        """
        for signer in self.signers:
            found = signer.unsign(token)
            if found is not None:
                payload, stamp = found
                session = self._parse(payload)
                plain = isinstance(session, dict) and all(type(value) in PLAIN for value in session.values())
                return stamp, session if plain else payload
        raise BadSignature(REFUSED)

    def _parse(self, payload: bytes) -> dict:
        # Tagged values (tuples, bytes, dates...) are objects whose one key starts with a space.
        return self.json.loads(payload) if b'{" ' in payload else json.loads(payload)


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self):
        self._serializers: dict[tuple, SessionSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> SessionSerializer | None:
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        if keys not in self._serializers:
            self._serializers[keys] = SessionSerializer(self, list(keys)) if app.secret_key else None
        return self._serializers[keys]


def install(app: Flask) -> None:
    app.session_interface = SessionInterface()
