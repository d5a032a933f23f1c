"""Sign in and out."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db, login_manager
from ..storage.models import User
from ..web.access import stamp_reader_session
from ..web.errors import too_many_requests
from ..web.quotas import Quota, give_back, take
from .forms import LoginForm
from .sessions import end_this_session, start_session  # (importing it registers the user loader)

bp = Blueprint("auth", __name__, url_prefix="/auth")
bp.after_app_request(stamp_reader_session)

login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.session_protection = "strong"


def safe_next_url(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@cache
def _unused_hash() -> str:
    """Checked when the username is unknown, so both failures take as long."""
    return generate_password_hash("no user has this password")


# Passwords checked per client address and per username; successful sign-ins are given back.
PER_CLIENT = Quota("login-client", "LOGIN_LIMIT_PER_CLIENT")
PER_USERNAME = Quota("login-username", "LOGIN_LIMIT_PER_USERNAME")


def _username_key(username: str) -> str:
    # Usernames are at most 80 characters; a longer one must not make huge keys.
    return username.strip().casefold()[:100]


def _take_attempt(username: str) -> int | None:
    """Take an attempt from both limits; the seconds to wait when either is used up."""
    wait = take(PER_CLIENT, request.remote_addr)
    if wait:
        return wait
    wait = take(PER_USERNAME, _username_key(username))
    if wait:
        give_back(PER_CLIENT, request.remote_addr)
    return wait


def _check_credentials(username: str, password: str) -> User | None:
    user = db.session.scalar(select(User).filter_by(username=username))
    if user is None:
        check_password_hash(_unused_hash(), password)
        return None
    return user if user.check_password(password) else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and check it."""
    form = LoginForm()
    if form.validate_on_submit():
        wait = _take_attempt(form.username.data)
        if wait:
            return too_many_requests(wait)
        user = _check_credentials(form.username.data, form.password.data)
        if user is not None:
            give_back(PER_CLIENT, request.remote_addr)
            give_back(PER_USERNAME, _username_key(form.username.data))
            start_session(user)
            flash(f"Signed in as {user.username}.", "success")
            return redirect(safe_next_url(request.args.get("next")) or url_for("blog.index"), code=303)
        form.form_errors.append("Wrong username or password.")
    status = 400 if form.errors or form.form_errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Sign out (POST only, so a link on another site cannot sign you out)."""
    if current_user.is_authenticated:
        end_this_session()
        flash("You are signed out.", "success")
    return redirect(url_for("blog.index"), code=303)
