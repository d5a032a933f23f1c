"""Flask's signed-cookie sessions, with the signing serializer built once.

Flask builds a new serializer for every request, which costs more than
reading a small cookie; the keys it depends on do not change while the app
runs, so one per set of keys is kept.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self):
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]


def register(app: Flask) -> None:
    app.session_interface = SessionInterface()
