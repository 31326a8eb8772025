"""Where each task's messages go: code runs to the code queue, everything else to the default.

A function rather than a table, so the code queue follows the default queue wherever it
is set (CELERY_QUEUE, or a test's private queue at run time): `<queue>.code`, unless
CELERY_CODE_QUEUE names another.
"""

from django.conf import settings

from config.queues import code_queue_name

CODE_TASKS = frozenset({"labs.grade_code_submission"})


def code_queue(default_queue: str) -> str:
    return code_queue_name(default_queue, settings.LABS_CODE_QUEUE)


def route_task(name, args, kwargs, options, task=None, **extra):
    if name in CODE_TASKS:
        from config.celery_app import app

        return {"queue": code_queue(app.conf.task_default_queue)}
    return None
