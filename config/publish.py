"""Publishing Celery tasks by name: after commit, and never failing the caller when the broker
is down.

This is the one way the apps hand work to the workers, and they name the task
(`publish("courses.send_completion_email", pk)`) instead of importing another app's task
module: a task name is the deployed contract, a task object is an import across apps.
tests/config/test_publish.py checks that every name published in the code is a registered
task. Nothing here remembers a failed publish: the caller keeps a row that says the work is
still to do (a queued Submission, an unsent OutgoingEmail), and a beat task publishes such
rows again once the broker is back. Tasks are written so that a second message for the same
row changes nothing.
"""

import functools
import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger("lodestar.publish")


def registered_task(name: str):
    """The task registered under `name`; KeyError names a task that does not exist.

    A web process has imported only the task modules its code touched so far; the first
    name it does not know makes Celery import every app's tasks module (autodiscovery), once.
    """
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    return tasks[name]


def publish(task_name: str, *args, **kwargs) -> bool:
    """Publish a task now; if the broker is down, log it and leave the row for the sweeper."""
    task = registered_task(task_name)
    try:
        task.apply_async(args=args, kwargs=kwargs or None, retry=False)
    except Exception:
        logger.warning("broker unavailable; %s%s left for the sweeper", task_name, args)
        return False
    return True


def publish_on_commit(task_name: str, *args, **kwargs) -> None:
    """Publish once the current transaction commits (at once outside one); never raises."""
    registered_task(task_name)  # an unknown name fails the caller now, not after commit
    transaction.on_commit(functools.partial(publish, task_name, *args, **kwargs))
