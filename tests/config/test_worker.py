"""A task enqueued from Django runs in a real Celery worker process."""

import uuid

import pytest
from django.db import transaction

from config.tasks import worker_heartbeat
from labs.models import WorkerHeartbeat
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_task_enqueued_after_commit_runs_in_worker_process(worker_process):
    token = uuid.uuid4().hex
    with transaction.atomic():
        worker_heartbeat.delay_on_commit(token)
        # Nothing is published until the transaction commits.
        assert not WorkerHeartbeat.objects.filter(token=token).exists()

    try:
        wait_for(
            lambda: WorkerHeartbeat.objects.filter(token=token).exists(),
            timeout=90,
            what="the worker to run the heartbeat task",
        )
    except AssertionError:
        print(worker_process.output()[-4000:])
        raise
    assert worker_process.process.poll() is None, "the worker process died"
    assert "config.worker_heartbeat[" in worker_process.output()
