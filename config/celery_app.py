"""The Celery app: settings come from Django's (CELERY_* names), tasks are autodiscovered."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("lodestar", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Platform-wide tasks (the worker heartbeat) live in config/tasks.py.
app.autodiscover_tasks(["config"])
