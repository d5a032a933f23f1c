"""``GET /healthz``: can this instance serve pages? No sign-in, never cached."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter
from ..storage.models import Article

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 when the database answers a real query, 503 when it does not."""
    try:
        # A query on a real table: fails on an unmigrated database too.
        db.session.execute(select(Article.id).limit(1))
        body, status = {"status": "ok", "database": "ok"}, 200
    except SQLAlchemyError as error:
        db.session.rollback()
        # The details stay in the log; the body says only what failed.
        current_app.logger.warning("health check: database query failed: %s", error)
        body, status = {"status": "unavailable", "database": "unreachable"}, 503
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
