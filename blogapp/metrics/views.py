"""``GET /metrics``, for Prometheus: off (404) unless METRICS_ENABLED; then only for the allowed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from ..extensions import limiter
from .access import address_allowed, token_presented

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
@limiter.exempt
def metrics():
    """The metrics text; 401 or 403 for a client neither allowed by address nor bearing the token."""
    config = current_app.config
    if not config["METRICS_ENABLED"]:
        abort(404)
    if not (address_allowed(request.remote_addr, config) or token_presented(request.headers.get("Authorization"), config)):
        return refusal(bool(config["METRICS_TOKEN"]))
    from .exposition import render

    body, content_type = render(request.headers.get("Accept"))
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})


def refusal(token_set: bool) -> Response:
    """401 asking for the token when one is set; 403 otherwise. Plain text: a scraper reads it."""
    if token_set:
        return Response("The metrics need an Authorization: Bearer token, or an address in METRICS_ALLOWED.\n",
                        401, {"WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store"},
                        content_type="text/plain; charset=utf-8")
    return Response("The metrics are served only to the addresses in METRICS_ALLOWED.\n", 403,
                    {"Cache-Control": "no-store"}, content_type="text/plain; charset=utf-8")
