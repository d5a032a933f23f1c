"""gunicorn settings for blogapp: ``gunicorn --config gunicorn.conf.py wsgi:app``.

Every value can be overridden with the usual GUNICORN_CMD_ARGS or flags.
"""

import multiprocessing
import os

bind = os.environ.get("BLOGAPP_BIND", "127.0.0.1:5000")
# Sync workers: one request per process; (2 x cores) + 1 is gunicorn's advice.
workers = int(os.environ.get("BLOGAPP_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
