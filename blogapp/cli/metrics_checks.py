"""check-config's lines for /metrics: who may read them, and whether gunicorn's workers will add up."""

from __future__ import annotations

import os

from flask import Flask

from ..metrics.access import allowed_networks
from .checks import Finding

# A bearer token shorter than this can be guessed by a patient scraper.
MIN_TOKEN_LENGTH = 16


def check_metrics(app: Flask) -> Finding | None:
    """None while METRICS_ENABLED is off; else a problem when anyone at all may read them."""
    if not app.config["METRICS_ENABLED"]:
        return None
    token = str(app.config["METRICS_TOKEN"] or "")
    if token and len(token) < MIN_TOKEN_LENGTH:
        return Finding("metrics", False, f"METRICS_TOKEN has {len(token)} characters, under {MIN_TOKEN_LENGTH}",
                       "set BLOGAPP_METRICS_TOKEN_FILE to a file holding e.g. `openssl rand -hex 32`")
    everyone = [str(net) for net in allowed_networks(app.config) if net.prefixlen == 0]
    if everyone:
        return Finding("metrics", False, f"METRICS_ALLOWED has {', '.join(everyone)}: every client may read them",
                       "list the Prometheus servers' addresses, or use METRICS_TOKEN instead")
    who = ", ".join(str(net) for net in allowed_networks(app.config)) or "no address"
    mode = ("workers add up in " + os.environ["PROMETHEUS_MULTIPROC_DIR"]) if os.environ.get(
        "PROMETHEUS_MULTIPROC_DIR") else "gunicorn.conf.py prepares multiprocess mode when BLOGAPP_METRICS_ENABLED is set"
    return Finding("metrics", True, f"/metrics for {who}{' or the bearer token' if token else ''}; {mode}")
