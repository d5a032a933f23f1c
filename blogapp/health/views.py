"""Probes for load balancers and orchestrators: no sign-in, any host, never cached.

- ``/livez``: the process answers (touches nothing else): restart it if not.
- ``/readyz``: the database answers and is at the migration head, and Redis
  answers when configured: send it traffic only then.
- ``/healthz``: the older check (the database answers a query), kept for
  the load balancers already pointed at it.

Each body is JSON and names the running version.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter
from ..storage.models import Article
from .checks import blogapp_version, database_problem, redis_problem

bp = Blueprint("health", __name__)


def probe_answer(body: dict, ok: bool):
    """The JSON answer: 200 or 503, with the version, never stored by a cache."""
    response = jsonify({**body, "status": "ok" if ok else "unavailable", "version": blogapp_version()})
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/livez")
@limiter.exempt
def livez():
    """200 as long as a worker can answer at all: no database, no Redis."""
    return probe_answer({}, True)


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """200 when this instance can serve every page; 503 naming what is not ready."""
    problems = {"database": database_problem(), "redis": redis_problem()}
    body = {name: problem or "ok" for name, problem in problems.items()}
    if not current_app.config["REDIS_URL"]:
        body["redis"] = "not configured"
    return probe_answer(body, not any(problems.values()))


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 when the database answers a real query, 503 when it does not."""
    try:
        # A query on a real table: fails on an unmigrated database too.
        db.session.execute(select(Article.id).limit(1))
        return probe_answer({"database": "ok"}, True)
    except SQLAlchemyError as error:
        db.session.rollback()
        # The details stay in the log; the body says only what failed.
        current_app.logger.warning("health check: database query failed: %s", error)
        return probe_answer({"database": "unreachable"}, False)
