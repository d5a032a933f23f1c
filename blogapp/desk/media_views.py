"""The desk's media library: upload images, describe them, see which articles show them, delete unused ones."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..media.library import add_image, articles_showing, delete_image, describe, library_size
from ..media.processed import NotAnImage
from ..storage.models import MediaImage, Role
from ..web.access import roles_required
from ..web.errors import render_error
from ..web.pagination import requested_page
from ..web import uploads
from ..web.uploads import accepts_upload
from .media_forms import AltTextForm, UploadForm

bp = Blueprint("media_desk", __name__, url_prefix="/desk/media")
# The upload's own body limit is set before any other hook reads the form.
bp.record_once(lambda state: uploads.install(state.app))

TOO_LARGE = ("This upload is larger than the {limit_mib} MiB an image may be (MEDIA_MAX_BYTES), or its other fields "
             "are over 64 KiB, so nothing was saved. Please save the image smaller (fewer pixels, or as JPEG) and "
             "upload it again.")
PER_PAGE = 50


@bp.before_request
@roles_required(Role.EDITOR)
def editors_only():
    """Every page here is for editors and admins."""


def _library(form: UploadForm, status: int = 200):
    page = db.paginate(select(MediaImage).order_by(MediaImage.created_at.desc(), MediaImage.id.desc()),
                       page=requested_page(), per_page=PER_PAGE, error_out=False)
    count, size = library_size()
    return render_template("desk/media.html", form=form, page=page, count=count, size=size,
                           shown=articles_showing([image.id for image in page.items])), status


@bp.get("/")
def index():
    """Every image, newest first, with its alt text, size and the articles that show it."""
    return _library(UploadForm())


@bp.post("/upload")
@accepts_upload("MEDIA_MAX_BYTES", TOO_LARGE)
def upload():
    """Check, strip and keep an uploaded image; then show it, with the reference to paste."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _library(form, 400)
    data = form.image.data.read(current_app.config["MEDIA_MAX_BYTES"] + 1)
    if len(data) > current_app.config["MEDIA_MAX_BYTES"]:
        limit = current_app.config["MEDIA_MAX_BYTES"] / 1024 / 1024
        return render_error(413, TOO_LARGE.format(limit_mib=f"{limit:g}"))
    try:
        added = add_image(data, form.alt_text.data, current_user._get_current_object())
    except NotAnImage as problem:
        db.session.rollback()
        return render_error(400, f"{problem} Nothing was stored.")
    db.session.commit()
    if added.new:
        flash(f"Uploaded image {added.image.id}. Insert it in an article as ![{added.image.alt_text}](media:{added.image.id}).",
              "success")
    else:
        flash(f"This picture is in the library already, as image {added.image.id}; nothing new was stored.", "success")
    return redirect(url_for("media_desk.show", image_id=added.image.id), code=303)


def _item(image: MediaImage, form: AltTextForm, status: int = 200, problem: str | None = None):
    html = render_template("desk/media_item.html", image=image, form=form, problem=problem,
                           articles=articles_showing([image.id])[image.id])
    return html, status


@bp.get("/<int:image_id>/")
def show(image_id: int):
    """One image: its widths, its reference for Markdown, its alt text, where it is shown."""
    image = db.get_or_404(MediaImage, image_id)
    return _item(image, AltTextForm(data={"alt_text": image.alt_text}))


@bp.post("/<int:image_id>/alt")
def edit_alt(image_id: int):
    """Change the alt text; articles that use it (with no alt of their own) show the new one."""
    image = db.get_or_404(MediaImage, image_id)
    form = AltTextForm()
    if not form.validate_on_submit():
        return _item(image, form, 400)
    count = describe(image, form.alt_text.data)
    db.session.commit()
    flash(f"Saved the alt text of image {image.id}" + (f"; {count} article(s) updated." if count else "."), "success")
    return redirect(url_for("media_desk.show", image_id=image.id), code=303)


@bp.post("/<int:image_id>/delete")
def delete(image_id: int):
    """Delete an image no article shows; one in use is kept (409, with the articles)."""
    image = db.get_or_404(MediaImage, image_id)
    in_use = delete_image(image)
    if in_use:
        problem = (f"Image {image.id} is shown by {len(in_use)} article(s), listed below. Remove it from them "
                   "first; nothing was deleted.")
        return _item(image, AltTextForm(data={"alt_text": image.alt_text}), 409, problem)
    flash(f"Deleted image {image_id}.", "success")
    return redirect(url_for("media_desk.index"), code=303)
