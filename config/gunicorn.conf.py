"""gunicorn settings for the web container; every value can be overridden by the environment.

Run: gunicorn -c config/gunicorn.conf.py (the application path is set here).
"""

import gc
import logging
import multiprocessing
import os
from pathlib import Path

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers with persistent database connections (CONN_MAX_AGE) serve this app well;
# a small multiple of the cores, capped so a big host does not exhaust PostgreSQL's slots.
workers = int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Uploads are capped at a few MiB by the view; refuse absurd header blocks early.
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The reverse proxy in front sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files on a RAM disk, so a slow container disk cannot stall the workers.
if Path("/dev/shm").is_dir():  # noqa: S108 - a fixed system path, not a temp file
    worker_tmp_dir = "/dev/shm"  # noqa: S108


def on_starting(server):
    """gunicorn's own lines are scrubbed of credentials like the application's: the access
    log writes each request line with its query string (config.logging)."""
    from config.logging import RedactCredentials

    for name in ("gunicorn.access", "gunicorn.error"):
        logging.getLogger(name).addFilter(RedactCredentials())


def post_worker_init(worker):
    """Exempt the loaded application from the garbage collector's full passes.

    A worker holds about 150,000 long-lived objects (Django, NumPy, pandas) that never
    become garbage. A large page such as a 500-student gradebook allocates enough to set
    off full collections, and each one walked all of them: gc.freeze() cut the
    gradebook's p95 by about a third (docs/benchmarks.md).
    """
    gc.collect()
    gc.freeze()
