"""The Celery app: settings come from Django's (CELERY_* names), tasks are autodiscovered."""

import logging
import logging.config
import os
import threading

from celery import Celery
from celery.signals import (
    after_setup_logger,
    after_setup_task_logger,
    beat_init,
    before_task_publish,
    celeryd_init,
    task_prerun,
    worker_init,
    worker_process_init,
    worker_ready,
    worker_shutdown,
)
from django.conf import settings
from django.db import close_old_connections, connections

from config.logging import JsonFormatter, RedactCredentials
from config.state_folders import ensure_state_folders

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("lodestar", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Platform-wide tasks (the worker heartbeat) live in config/tasks.py.
app.autodiscover_tasks(["config"])


@task_prerun.connect
def _check_database_connections(task=None, **kwargs):
    """Keep a worker's database connection between tasks, as Django does between requests.

    Celery's Django fixup would otherwise close it around every task (CELERY_DB_REUSE_MAX
    unset), and a new PostgreSQL connection costs more than grading a 1k-row file. Here
    CONN_MAX_AGE decides, and CONN_HEALTH_CHECKS replaces a connection the server dropped
    before the task uses it.
    """
    if task is not None and getattr(task.request, "is_eager", False):
        return  # eager tasks run inside the caller's connection (and its transaction)
    close_old_connections()


@worker_process_init.connect
def _name_worker_connections(**kwargs):
    """Label a pool process's PostgreSQL sessions "lodestar-worker-<pid>", so operators
    (and the fault tests) can tell whose connection is whose in pg_stat_activity."""
    for connection in connections.all(initialized_only=False):
        if connection.vendor == "postgresql":
            connection.settings_dict.setdefault("OPTIONS", {})["application_name"] = (
                f"lodestar-worker-{os.getpid()}"
            )


def _sweep_sandbox_leftovers_once() -> None:
    from labs.sandbox import sweep_stale_jobs

    removed = sweep_stale_jobs()
    if removed:
        logging.getLogger(__name__).warning(
            "removed %d sandbox job folder(s) left by dead grading processes", len(removed)
        )


@worker_init.connect
def _sweep_sandbox_leftovers(**kwargs):
    """Job folders of grading processes that died mid-run (a SIGKILL, an OOM kill) hold a
    student's code and data: remove them before this worker grades anything, and then every
    LABS_SANDBOX_SWEEP_S seconds while it runs, from a thread of the worker's main process
    (the folders are on this host, so beat, which runs anywhere, cannot do it)."""
    _sweep_sandbox_leftovers_once()
    interval = settings.LABS_SANDBOX_SWEEP_S
    if interval <= 0:
        return

    def sweep_forever():
        while not _stop_sweeping.wait(interval):
            try:
                _sweep_sandbox_leftovers_once()
            except Exception:
                logging.getLogger(__name__).exception("sweeping sandbox job folders failed")

    threading.Thread(target=sweep_forever, name="sandbox-sweeper", daemon=True).start()


_stop_sweeping = threading.Event()


@worker_shutdown.connect
def _stop_the_sweeper(**kwargs):
    _stop_sweeping.set()


@worker_init.connect
def _import_scoring_libraries(**kwargs):
    """Pool children are forked from this process: with pandas and scikit-learn imported
    here, each child (a replacement for a killed one too) grades its first file at once
    and shares those pages with its siblings. Measured: a fresh child spent over a second
    of a 2-second benchmark burst importing them, which held two processes' throughput at
    1.3 times one's."""
    from labs.grading import import_scoring_libraries

    import_scoring_libraries()


@worker_init.connect
def _load_the_file_storage(**kwargs):
    """The storage backend graders read uploads through, loaded before the pool forks for
    the same reason: config.storage imports boto3 (for S3) whichever backend is in use,
    about half a second of a child's first file. Measured: a child that had not graded
    during the benchmark's warm-up spent it in the middle of a burst (cProfile in the pool
    children, docs/benchmarks.md). Making the backend opens no connection."""
    from django.core.files.storage import storages

    storages["default"]


@worker_ready.connect
def _first_heartbeat(**kwargs):
    """Beat sends a heartbeat every 30 s; one at once lets /health/ say ok as soon as this
    worker consumes, not up to half a minute later (make run, a deploy)."""
    from config.publish import publish

    publish("config.worker_heartbeat", "ready")


@worker_ready.connect
def _clear_pending_wake_up(**kwargs):
    """A wake-up flag whose message was purged or lost keeps uploads from publishing until
    it expires (labs.services.grading_queue): a worker coming up clears it."""
    from labs.services import grading_queue

    grading_queue.clear_wake_up()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _worker_log_handlers(logger=None, **kwargs):
    """Celery's own handlers scrub credentials, and with LOG_FORMAT=json write JSON, like
    the web processes' handlers do.

    A worker replaces the root logger's handlers (worker_hijack_root_logger) and gives its
    task logger handlers of its own, so Django's LOGGING never reaches them. Every line,
    Celery's included, then goes through these handlers; in plain mode they keep their format.
    """
    if logger is None:
        return
    from billiard import util as pool_util

    # The pool's own logger ("Process ... exited with signal 9") has handlers of its own.
    for each in (logger, pool_util.get_logger()):
        for handler in each.handlers:
            if not any(isinstance(f, RedactCredentials) for f in handler.filters):
                handler.addFilter(RedactCredentials())
            if settings.LOG_FORMAT == "json":
                handler.setFormatter(JsonFormatter())


@celeryd_init.connect
def _json_from_the_first_line(instance=None, **kwargs):
    """In JSON mode, what a worker says before Celery sets up its logging is JSON too.

    The start-up banner is printed, not logged, so it is left out (as `--quiet` does);
    the warnings of the start-up checks (a worker run as root) go through Django's
    LOGGING instead of straight to stderr.
    """
    if settings.LOG_FORMAT != "json":
        return
    if instance is not None:
        instance.quiet = True
    logging.captureWarnings(True)
    logging.config.dictConfig(settings.LOGGING)
    _say_in_json()


def _say_in_json() -> None:
    """Celery writes its shutdown notices ("worker: Warm shutdown (MainProcess)") straight
    to the terminal from signal handlers, with a blank line before and after, not through
    logging (whose locks a signal handler must not take). In JSON mode they are written
    the same way, as one JSON line each."""
    import json
    import sys
    from datetime import UTC, datetime

    from celery.apps import worker as celery_worker

    def say(message, f=sys.__stderr__):
        entry = {
            "time": datetime.now(tz=UTC).isoformat(timespec="milliseconds"),
            "level": "WARNING",
            "logger": "celery.apps.worker",
            "message": str(message).strip(),
        }
        try:
            os.write(f.fileno(), (json.dumps(entry) + "\n").encode())
        except (OSError, ValueError, AttributeError):
            pass  # a notice lost must never stop a shutdown

    celery_worker.safe_say = say


@celeryd_init.connect
@beat_init.connect
def _make_state_folders(**kwargs):
    """A worker or beat started on the embedded setup needs its SQLite folder and spool."""
    ensure_state_folders()


@before_task_publish.connect
def _make_broker_folders(**kwargs):
    """Whoever publishes (a web process, a shell) writes into the filesystem broker's spool."""
    ensure_state_folders(database=False)
