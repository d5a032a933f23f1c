"""The pages behind the links in commenters' mail: confirm the address, stop one comment's mail, stop all.

Each link leads to a page with a button: following a link (a GET, which
mail scanners and previews do) changes nothing; pressing the button (a
POST) does. The pages are personal (their address is the secret), so no
cache keeps them and no link on them tells another site their address.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..extensions import db
from ..storage.models import Subscription
from ..web.errors import render_error
from ..web.forgery import accepts_posts_from_anywhere
from . import subscriptions
from .confirming import confirmation_from

bp = Blueprint("comment_mail", __name__, url_prefix="/mail")

BAD_LINK = ("This link does not work: it may have been changed or cut short{expired}. "
            "Nothing was changed. If you copied it from a mail, copy the whole address.")
ONE_CLICK = ("List-Unsubscribe", "One-Click")


def _private(html, status: int = 200):
    """No cache keeps it, and no link on it tells another site its address."""
    return html, status, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _bad_link(expired: str = ""):
    return _private(*render_error(404, BAD_LINK.format(expired=expired)))


def _page(heading: str, *paragraphs: str, status: int = 200, **form):
    context = {"action": None, "hidden": (), "links": (), **form}
    return _private(render_template("comment_mail/page.html", heading=heading, paragraphs=paragraphs, **context),
                    status)


def _titles(subscriptions_found: list[Subscription]) -> str:
    return ", ".join(f"“{subscription.comment.article.title}”" for subscription in subscriptions_found)


@bp.route("/confirm/<token>", methods=("GET", "POST"))
def confirm(token: str):
    """GET: the button that confirms the address; POST: confirm it (Post/Redirect/Get)."""
    confirmation = confirmation_from(token, subscriptions.SUBSCRIBE, unused=False)
    if confirmation is None:
        return _bad_link(", or expired (a confirmation link works for a limited time)")
    if request.method == "POST":
        if confirmation.used_at is None:
            confirmed = subscriptions.confirm_address(confirmation)
            db.session.commit()
            flash(f"Confirmed. You will get mail about your comment{'s' if len(confirmed) > 1 else ''} "
                  f"on {_titles(confirmed)} when it is published and when someone replies."
                  if confirmed else "Confirmed.", "success")
        return redirect(url_for(".confirm", token=token), code=303)
    if confirmation.used_at is not None:
        return _page("Your address is confirmed",
                     "Mail about your comments comes with a link to stop it, in every mail.")
    return _page("Confirm mail about your comment",
                 "You asked for mail when your comment is published and when someone replies to it.",
                 "Press the button to confirm that this address is yours and that you want that mail. "
                 "If you did not ask for it, close this page: nothing will be sent to you.",
                 action=url_for(".confirm", token=token), button="Yes, send me that mail")


@bp.route("/unsubscribe/<token>", methods=("GET", "POST"))
@accepts_posts_from_anywhere
def one_click(token: str):
    """GET: the button that stops this comment's mail; POST: stop it (RFC 8058 one-click).

    The address is the ``List-Unsubscribe`` header of each mail about the
    comment, so the POST comes from the reader's mail provider, not from a
    page of ours: it carries no session, no CSRF token, and an Origin (when
    a webmail's script sends it) of the provider's site. Neither check of
    web/forgery.py applies, and neither is needed: the signed token in the
    address is the credential, no cookie is relied on, and all a request
    with it can do is stop mail the holder of that mail may stop anyway.
    The answer is a page, not a redirect, which providers do not follow.
    """
    subscription_id = subscriptions.subscription_id_from(token)
    if subscription_id is None:
        return _bad_link()
    if request.method == "POST":
        if request.form.get(ONE_CLICK[0]) != ONE_CLICK[1]:
            return _private(*render_error(400, "This is not a one-click unsubscribe request "
                                               "(List-Unsubscribe=One-Click), so nothing was changed."))
        subscriptions.stop(subscription_id)
        db.session.commit()
        return _page("Mail about your comment is stopped", "You will get no more mail about this comment.")
    subscription = db.session.get(Subscription, subscription_id)
    if subscription is None:
        return _page("Mail about your comment is stopped", "You get no mail about this comment.")
    return _page("Stop mail about your comment",
                 f"You get mail about your comment on {_titles([subscription])} when it is published "
                 "and when someone replies.",
                 action=url_for(".one_click", token=token), hidden=[ONE_CLICK], button="Stop this mail")


@bp.route("/stop-all/<token>", methods=("GET", "POST"))
def stop_all(token: str):
    """GET: the button that stops all mail to the address; POST: stop it (Post/Redirect/Get)."""
    digest = subscriptions.digest_from(token)
    if digest is None:
        return _bad_link()
    if request.method == "POST":
        stopped = subscriptions.stop_all(digest)
        db.session.commit()
        flash(f"Stopped: no more mail about {stopped} comment{'' if stopped == 1 else 's'}." if stopped
              else "There was no mail left to stop.", "success")
        return redirect(url_for(".stop_all", token=token), code=303)
    count = subscriptions.settings_of(digest)
    if not count:
        return _page("No mail goes to your address",
                     "You get no mail from this site about comments. Ticking the box on a new comment asks "
                     "for it again, with a confirmation mail first.")
    return _page("Stop all mail about your comments",
                 f"You asked for mail about {count} comment{'' if count == 1 else 's'}. "
                 "Press the button to stop all of it.",
                 action=url_for(".stop_all", token=token), button="Stop all mail to me")
