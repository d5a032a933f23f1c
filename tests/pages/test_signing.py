"""Sessions and form tokens signed by blogapp's quick signer read the same as Flask's own.

If they did not, readers would lose their session (and the comment they are
waiting to see) on an upgrade, and forms would fail their CSRF check.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

from blogapp.web.signing import QuickSigner


SECRET = "signing-test-secret-0123456789abcdef"


def flask_serializer(app):
    """The serializer Flask itself uses for session cookies."""
    return SecureCookieSessionInterface().get_signing_serializer(app)


def test_flask_reads_our_session_cookies_and_we_read_flasks(app):
    ours = app.session_interface.get_signing_serializer(app)
    theirs = flask_serializer(app)
    plain = {"csrf_token": "ab" * 20, "own_comments": [3, 5], "count": 2, "flag": True}
    tagged = {"when": datetime(2026, 11, 28, 2, 0, tzinfo=timezone.utc), "pair": (1, "x"), "raw": b"\x00\xff"}
    for session in (plain, tagged):
        assert theirs.loads(ours.dumps(session), max_age=60) == session
        assert ours.loads(theirs.dumps(session), max_age=60) == session


def test_a_tampered_or_expired_session_cookie_is_refused(app):
    ours = app.session_interface.get_signing_serializer(app)
    cookie = ours.dumps({"_user_id": "1"})
    payload, stamp, signature = cookie.split(".")
    with pytest.raises(BadSignature):
        ours.loads(f"{payload}x.{stamp}.{signature}", max_age=60)
    with pytest.raises(BadSignature):
        ours.loads(flask_serializer(app).dumps({"_user_id": "1"}) + "A", max_age=60)
    old = QuickSigner(app.secret_key, "cookie-session", "hmac").sign(b'{"_user_id":"1"}', now=time.time() - 120)
    with pytest.raises(BadSignature):
        ours.loads(old, max_age=60)


def test_a_forged_cookie_leaves_the_reader_anonymous(client, make):
    article = make.article()
    client.set_cookie("session", "eyJfdXNlcl9pZCI6IjEifQ.forged.signature")
    response = client.get(f"/articles/{article.slug}/")
    assert response.status_code == 200
    assert "Sign out" not in response.get_data(as_text=True)


def test_sessions_signed_with_a_retired_key_still_open(app):
    old_key = "the-key-before-rotation-0123456789"
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    ours = app.session_interface.get_signing_serializer(app)
    cookie = QuickSigner(old_key, "cookie-session", "hmac").sign(b'{"csrf_token":"x"}')
    assert ours.loads(cookie, max_age=60) == {"csrf_token": "x"}
    # New cookies are signed with the current key only.
    assert flask_serializer(app).loads(ours.dumps({"a": "b"}), max_age=60) == {"a": "b"}
    with pytest.raises(BadSignature):
        URLSafeTimedSerializer(old_key, salt="cookie-session").loads(ours.dumps({"a": "b"}))


def test_form_tokens_cross_check_with_itsdangerous():
    quick = QuickSigner(SECRET, "wtf-csrf-token")
    standard = URLSafeTimedSerializer(SECRET, salt="wtf-csrf-token")
    assert standard.loads(quick.sign(json.dumps("raw-token").encode()), max_age=60) == "raw-token"
    payload, stamp = quick.unsign(standard.dumps({"long": "x" * 500}), max_age=60)  # compressed by itsdangerous
    assert json.loads(payload) == {"long": "x" * 500} and abs(stamp - time.time()) < 60
    token = quick.sign(b'"raw-token"')
    assert quick.unsign(token[:-2] + "AA") is None
    assert QuickSigner("another-secret-0123456789abcdef", "wtf-csrf-token").unsign(token) is None
    assert QuickSigner(SECRET, "other-salt").unsign(token) is None
    assert quick.unsign(quick.sign(b'"t"', now=time.time() + 600)) is None  # from the future
    assert quick.unsign("not a token") is None and quick.unsign("é.x.y") is None


def test_a_session_full_of_repeated_messages_stays_small(app):
    """Posting many comments without reading a page piles up flashed messages;
    compressed, the cookie stays far below the 8 KB servers accept."""
    ours = app.session_interface.get_signing_serializer(app)
    flashes = [("success", "Thank you! Your comment is awaiting moderation.")] * 300
    cookie = ours.dumps({"_flashes": flashes, "csrf_token": "ab" * 20})
    assert cookie.startswith(".") and len(cookie) < 1_000
    assert flask_serializer(app).loads(cookie, max_age=60)["_flashes"] == flashes


def test_a_session_cookie_read_before_still_expires_and_stays_private(app):
    ours = app.session_interface.get_signing_serializer(app)
    signer = QuickSigner(app.secret_key, "cookie-session", "hmac")
    cookie = signer.sign(b'{"own_comments":[3],"csrf_token":"ab"}', now=time.time() - 30)
    first = ours.loads(cookie, max_age=60)
    first["own_comments"].append(4)  # One request changing its session...
    assert ours.loads(cookie, max_age=60)["own_comments"] == [3]  # ...does not change the next one's.
    with pytest.raises(BadSignature):
        ours.loads(cookie, max_age=20)  # Read before, yet too old for this limit.
    plain = signer.sign(b'{"csrf_token":"cd"}', now=time.time() - 30)
    ours.loads(plain, max_age=60)["csrf_token"] = "changed"
    assert ours.loads(plain, max_age=60) == {"csrf_token": "cd"}
    with pytest.raises(BadSignature):
        ours.loads(signer.sign(b'{"csrf_token":"ef"}', now=time.time() + 60), max_age=60)  # From the future.
