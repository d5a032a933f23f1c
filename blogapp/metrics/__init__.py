"""``/metrics``: counts and timings for Prometheus, off unless METRICS_ENABLED.

- ``instruments``: the metrics themselves (the only module that defines any);
- ``counting``: what feeds them, without hooks in the features' code: a WSGI
  layer outside every other (requests by endpoint and status, latency, the
  page cache's answers from its ``X-Page-Cache`` header, refused comments),
  and the ORM's events (new comments by status and moderation actions as
  their transaction commits; database errors from the engine);
- ``exposition``: the text Prometheus reads, every gunicorn worker's counts
  added up (multiprocess mode, PROMETHEUS_MULTIPROC_DIR), and the outbox's
  depth queried at scrape time;
- ``access``: who may read it (METRICS_ALLOWED, METRICS_TOKEN);
- ``views``: the route, which answers 404 while metrics are off.

With METRICS_ENABLED off nothing here imports prometheus_client, so a
worker neither loads it nor spends a thing per request.
"""

from __future__ import annotations

import logging
import os
import sys

from flask import Flask

from ..config import refuse_to_start


def install(app: Flask) -> None:
    """The route always (a 404 while off); the counting only when METRICS_ENABLED."""
    from .views import bp

    app.register_blueprint(bp)
    if not app.config["METRICS_ENABLED"]:
        return
    try:
        import prometheus_client  # noqa: F401
    except ImportError:
        refuse_to_start("METRICS_ENABLED is on but prometheus-client is not installed: "
                        "pip install 'blogapp[metrics]', or turn METRICS_ENABLED off")
    from . import access, counting

    # A wrong METRICS_ALLOWED stops the start, not the first scrape.
    access.allowed_networks(app.config)
    counting.install(app)
    if "gunicorn" in sys.modules and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        logging.getLogger("blogapp.metrics").warning(
            "metrics: PROMETHEUS_MULTIPROC_DIR is not set, so each gunicorn worker counts alone and a scrape "
            "sees one worker's share; set it, or BLOGAPP_METRICS_ENABLED=true in the environment (gunicorn.conf.py)")
