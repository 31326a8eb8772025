"""The Celery app: settings come from Django's (CELERY_* names), tasks are autodiscovered."""

import logging
import os

from celery import Celery
from celery.signals import task_prerun, worker_init, worker_process_init
from django.db import close_old_connections, connections

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


@worker_init.connect
def _sweep_sandbox_leftovers(**kwargs):
    """Job folders of grading processes that died mid-run (a SIGKILL, an OOM kill) hold a
    student's code and data: remove them before this worker grades anything."""
    from labs.sandbox import sweep_stale_jobs

    removed = sweep_stale_jobs()
    if removed:
        logging.getLogger(__name__).warning(
            "removed %d sandbox job folder(s) left by dead grading processes", len(removed)
        )
