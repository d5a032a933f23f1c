"""The text a scrape reads: every process's counts, and what the database says now.

Under gunicorn each worker counts alone. In multiprocess mode
(PROMETHEUS_MULTIPROC_DIR, which gunicorn.conf.py prepares) each writes its
counts to files there, and whichever worker answers the scrape adds them up.
The outbox's depth is not counted but asked of the database at scrape
time, so it is right whoever sent or queued the mail.
"""

from __future__ import annotations

import logging
import os

from flask import current_app
from prometheus_client import REGISTRY, CollectorRegistry, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from sqlalchemy import case, func, select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..health.checks import blogapp_version
from ..storage.models import OutboxMail

logger = logging.getLogger("blogapp.metrics")
OUTBOX_STATES = ("waiting", "retrying", "failed")


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")


class ThisProcess:
    """This process's own metrics (no multiprocess mode: ``flask run``, tests, one worker)."""

    def collect(self):
        yield from REGISTRY.collect()


class AtScrapeTime:
    """Gauges read when Prometheus asks: the version, and the outbox by state."""

    def collect(self):
        info = GaugeMetricFamily("blogapp_build_info", "The running blogapp's version.", labels=["version"])
        info.add_metric([blogapp_version()], 1)
        yield info
        counts = outbox_counts()
        if counts is not None:
            outbox = GaugeMetricFamily(
                "blogapp_outbox_mails", "Mail not yet sent: waiting (no try yet), retrying, failed (no tries left).",
                labels=["state"])
            for state in OUTBOX_STATES:
                outbox.add_metric([state], counts.get(state, 0))
            yield outbox


def outbox_counts() -> dict[str, int] | None:
    """Unsent mail by state; None when the database does not answer (the scrape goes on)."""
    most = int(current_app.config["OUTBOX_MAX_ATTEMPTS"])
    state = case((OutboxMail.attempts >= most, "failed"), (OutboxMail.attempts > 0, "retrying"), else_="waiting")
    try:
        rows = db.session.execute(
            select(state, func.count()).where(OutboxMail.sent_at.is_(None)).group_by(state)).all()
    except SQLAlchemyError as error:
        db.session.rollback()
        logger.warning("metrics: the outbox could not be counted: %s", error)
        return None
    return {name: count for name, count in rows}


def render(accept: str | None) -> tuple[bytes, str]:
    """The exposition, in the format the scraper accepts (text, or OpenMetrics)."""
    registry = CollectorRegistry()
    path = multiprocess_dir()
    if path:
        multiprocess.MultiProcessCollector(registry, path=path)
    else:
        registry.register(ThisProcess())
    registry.register(AtScrapeTime())
    encoder, content_type = choose_encoder(accept or "")
    return encoder(registry), content_type
