"""gunicorn settings for blogapp: ``gunicorn --config gunicorn.conf.py wsgi:app``.

Environment variables (the systemd unit in docs/deploy.md sets them):

- ``BLOGAPP_BIND``: where to listen, default ``127.0.0.1:5000`` (nginx in
  front); ``0.0.0.0:5000`` or a private address on app hosts behind a load
  balancer; ``unix:/run/blogapp/gunicorn.sock`` for a socket.
- ``BLOGAPP_WORKERS``: worker processes, default 2 x CPU cores + 1.
- ``BLOGAPP_CONTROL_SOCKET``: a path such as ``/run/blogapp/gunicorn.ctl``
  turns on gunicorn's control socket (for ``gunicornc``, gunicorn 25.1+).
  Off by default, so instances on one host never fight over the shared
  default path; systemd does the managing.
- ``BLOGAPP_PRELOAD``: ``false`` turns off ``preload_app`` (below), so that
  SIGHUP loads new code, at the cost of each worker's memory.
- ``BLOGAPP_ACCESS_LOG``: ``-`` adds gunicorn's own access log to stderr. Off
  by default: blogapp already logs one line per request, with its request id
  and duration (see blogapp/web/requestlog.py).
- ``BLOGAPP_LOG_FORMAT``: ``json`` writes gunicorn's own lines as JSON objects
  with the fields of blogapp's (blogapp/web/logformat.py); set it in the
  environment, where both read it.
- ``PROMETHEUS_MULTIPROC_DIR``: with metrics on, the directory where each
  worker writes its counts, added up at every scrape (emptied here at each
  start: one directory per gunicorn instance). With
  ``BLOGAPP_METRICS_ENABLED=true`` and no directory named, a private one is
  made for this instance and removed when it stops.

Any other gunicorn setting can be given with flags or GUNICORN_CMD_ARGS.
"""

import os
import shutil
import sys
import tempfile

bind = os.environ.get("BLOGAPP_BIND", "127.0.0.1:5000")
# Sync workers: one request per process; (2 x cores) + 1 is gunicorn's advice.
# Each worker holds its own database pool (see POSTGRESQL_ENGINE_OPTIONS).
# (os.cpu_count rather than multiprocessing's: that module would sit in every worker.)
workers = int(os.environ.get("BLOGAPP_WORKERS", (os.cpu_count() or 1) * 2 + 1))
worker_class = "sync"
# A worker silent for this long is killed and replaced (and its request fails).
timeout = 30
# On SIGTERM or SIGHUP, workers get this long to finish the requests they hold.
graceful_timeout = 20
# Seconds to hold an idle keep-alive connection from nginx.
keepalive = 5
# Restart each worker after about this many requests, so a slow leak cannot grow.
# Not much sooner: a restart empties the worker's page cache and costs a boot.
max_requests = 20000
max_requests_jitter = 2000
# The master builds the app once and forks the workers from it, so its modules,
# templates and settings sit in memory every worker shares (copy-on-write): a
# worker's own memory is what it changes. Nothing the master opens may cross
# the fork: it opens no database or Redis connection (a test checks its open
# files), and post_fork below makes each worker's pools start empty. A worker
# replaced after max_requests is forked from the same master, with the same
# code. With preload, SIGHUP (`systemctl reload`) starts new workers with the
# code the master loaded: a new release needs `systemctl restart`.
# BLOGAPP_PRELOAD=false builds the app in each worker again (and SIGHUP reloads code).
preload_app = os.environ.get("BLOGAPP_PRELOAD", "true").lower() not in ("false", "0", "no")


def when_ready(server):
    """With preload_app, load in the master what each blogapp worker would load for itself."""
    if server.cfg.preload_app:
        app = server.app.wsgi()
        if getattr(app, "import_name", None) == "blogapp":
            from blogapp.preforking import load_ahead

            load_ahead(app)


def pre_fork(server, worker):
    """Keep the master's objects out of the workers' garbage collections.

    A collection writes to every object it visits, copying the pages that
    hold them into each worker: without this a worker's unique memory
    doubles (see gc.freeze in Python's docs, and docs/performance.md).
    """
    import gc

    if server.cfg.preload_app:
        gc.freeze()


def _dispose_engines(server, close: bool) -> None:
    """Empty the pools of the served app's engines (any Flask-SQLAlchemy app: blogapp, the bench's N)."""
    app = server.app.wsgi()
    extension = getattr(app, "extensions", {}).get("sqlalchemy")
    if extension is not None:
        with app.app_context():
            for engine in extension.engines.values():
                engine.dispose(close=close)


def post_fork(server, worker):
    """A worker's database pools start empty: none of the master's connections cross the fork.

    ``dispose(close=False)``, as SQLAlchemy's docs advise for multiprocessing,
    drops the pool's connections in this process without closing the master's.
    """
    if server.cfg.preload_app:
        _dispose_engines(server, close=False)


def worker_exit(server, worker):
    """Close a worker's database connections as it exits.

    Objects frozen before the fork are never collected, so connections held
    through them would stay open to the end (SQLite's last close is what
    checkpoints its WAL file): tests/servers/test_backup.py restores a file
    right after the server stops.
    """
    _dispose_engines(server, close=True)

# /metrics (blogapp/metrics/): every worker's counts in files of one directory.
# prometheus_client picks its mode when first imported, which preload_app does
# in the master, so the directory is named here, before the app is loaded.
_METRICS_ON = os.environ.get("BLOGAPP_METRICS_ENABLED", "").lower() in ("true", "1", "yes")
_OWN_METRICS_DIR = None
if _METRICS_ON and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _OWN_METRICS_DIR = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="blogapp-metrics-")


def on_starting(server):
    """Empty the metrics directory: counts of an earlier run are not this one's."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if path and os.path.isdir(path):
        for name in os.listdir(path):
            if name.endswith(".db"):
                os.remove(os.path.join(path, name))


def child_exit(server, worker):
    """A worker that exits hands back its live gauges (prometheus_client's multiprocess bookkeeping)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR") and (_METRICS_ON or "prometheus_client" in sys.modules):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _OWN_METRICS_DIR:
        shutil.rmtree(_OWN_METRICS_DIR, ignore_errors=True)


# Setting names unknown to an older gunicorn are ignored.
control_socket = os.environ.get("BLOGAPP_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

errorlog = "-"
loglevel = os.environ.get("BLOGAPP_LOG_LEVEL", "info").lower()
accesslog = os.environ.get("BLOGAPP_ACCESS_LOG") or None
# Client, request line, status, bytes, milliseconds, and blogapp's request id.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
if os.environ.get("BLOGAPP_LOG_FORMAT", "text").lower() == "json":
    logger_class = "blogapp.web.gunicornlog.JsonLogger"
