"""/privacy/: what the blog keeps about commenters, and a commenter's own export and erasure.

Asking (``POST /privacy/export`` or ``/privacy/erase``) mails a confirmation
link (commenters/asking.py); the link's page has a button (a POST: mail
scanners follow links, they do not press buttons) that downloads the data
or erases it. Pages behind a link are the reader's own: never cached, and
no link on them tells another site their address.
"""

from __future__ import annotations

import json

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from ..extensions import db
from ..pagecache.shared import shared_page
from ..storage.models import utcnow
from ..web.errors import describe_wait, render_error
from . import confirming, records
from .asking import ERASE, EXPORT, Request, ask
from .forms import AddressForm, ButtonForm

bp = Blueprint("commenters", __name__)

PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
GONE = ("This link does not work: it is older than {hours} hours, it was used already, or it was changed on the way. "
        "Ask for a new one on the privacy page.")
ERASED_BY = "the commenter, by mail"


@bp.get("/privacy/")
@shared_page()
def privacy():
    """The same page for every reader, cached like other public pages; it shows no article."""
    return render_template("privacy.html", forms={"export": AddressForm(), "erase": AddressForm()})


def _ask(kind: Request):
    form = AddressForm()
    forms = {"export": AddressForm(formdata=None), "erase": AddressForm(formdata=None), kind.purpose: form}
    if not form.validate():
        return render_template("privacy.html", forms=forms, failed=kind.purpose), 400
    try:
        ask(kind, form.email.data)
    except confirming.TooManyMails as refused:
        db.session.rollback()
        form.email.errors.append(
            "Enough mail has gone to this address, or been asked for from your network, for now: "
            f"please try again in {describe_wait(refused.retry_after)}."
        )
        page = render_template("privacy.html", forms=forms, failed=kind.purpose)
        return page, 429, {"Retry-After": str(refused.retry_after)}
    db.session.commit()
    return redirect(url_for("commenters.asked", purpose=kind.purpose), code=303)


@bp.post("/privacy/export")
def ask_export():
    """Mail a link to download the address's data (Post/Redirect/Get)."""
    return _ask(EXPORT)


@bp.post("/privacy/erase")
def ask_erase():
    """Mail a link to erase the address's data (Post/Redirect/Get)."""
    return _ask(ERASE)


@bp.get("/privacy/asked/<any(export, erase):purpose>")
@shared_page()
def asked(purpose: str):
    """The same words whether or not the address has commented here: the form reveals nobody."""
    return render_template("privacy/asked.html", purpose=purpose)


def _confirmation(token: str, purpose: str):
    """The confirmation behind ``token``, or a 404 page saying why a link stops working."""
    confirmation = confirming.confirmation_from(token, purpose)
    if confirmation is None:
        body, code = render_error(404, GONE.format(hours=current_app.config["CONFIRMATION_LINK_HOURS"]))
        return None, (body, code, PRIVATE)
    return confirmation, None


@bp.route("/privacy/export/<token>/", methods=["GET", "POST"])
def confirm_export(token: str):
    """GET: the button. POST: the data, as a JSON file the browser saves."""
    confirmation, refused = _confirmation(token, "export")
    if refused:
        return refused
    if request.method == "GET":
        return render_template("privacy/export.html", email=confirmation.email, form=ButtonForm()), PRIVATE
    data = {"site": current_app.config["SITE_NAME"], "exported_at": utcnow().isoformat(timespec="seconds"),
            **records.export(confirmation.email)}
    confirming.use(confirmation)
    db.session.commit()
    filename = f"comments-{utcnow():%Y-%m-%d}.json"
    headers = {**PRIVATE, "Content-Disposition": f'attachment; filename="{filename}"'}
    return json.dumps(data, indent=2, ensure_ascii=False), 200, {**headers, "Content-Type": "application/json"}


@bp.route("/privacy/erase/<token>/", methods=["GET", "POST"])
def confirm_erase(token: str):
    """GET: what erasing does, and the button. POST: erase it all, then say so (Post/Redirect/Get)."""
    confirmation, refused = _confirmation(token, "erase")
    if refused:
        return refused
    mode = current_app.config["ERASE_MODE"]
    if request.method == "GET":
        return render_template("privacy/erase.html", email=confirmation.email, mode=mode, form=ButtonForm()), PRIVATE
    records.erase(confirmation.email, mode, by=ERASED_BY)
    db.session.commit()
    return redirect(url_for("commenters.erased"), code=303)


@bp.get("/privacy/erased/")
@shared_page()
def erased():
    """Said after an erasure; the same for everyone."""
    return render_template("privacy/erased.html")
