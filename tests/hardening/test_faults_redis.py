"""Redis stops while a student submits: the page answers, the row waits, nothing is lost.

The Redis stopped is the test's own (the `private_redis` fixture), never the configured
one; it is stopped for a few seconds only and always started again, even when an
assertion fails inside the outage.
"""

import datetime
import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.tasks import worker_heartbeat
from labs.models import Submission, WorkerHeartbeat
from labs.services import grading_queue
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_submission_during_redis_outage_is_kept_queued_and_graded_after(
    private_redis,
    client,
    student,
    wine_lab,
    wine_predictions,
    start_worker,
    require_postgres,
    purged_queue,
    monkeypatch,
):
    worker = start_worker("steady")
    worker_heartbeat.delay(token := uuid.uuid4().hex)
    wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).exists(), timeout=60)
    client.force_login(student)
    upload = SimpleUploadedFile("predictions.csv", wine_predictions, content_type="text/csv")

    with private_redis.outage():
        started = time.monotonic()
        response = client.post(reverse("labs:submit", args=[wine_lab.slug]), {"file": upload})
        elapsed = time.monotonic() - started
        page = client.get(response["Location"])
        lab_page = client.get(reverse("labs:detail", args=[wine_lab.slug]))
        health = client.get(reverse("health"))

    assert private_redis.is_up()
    assert response.status_code == 302
    assert elapsed < 5, f"the upload took {elapsed:.1f}s while Redis was down"
    assert page.status_code == 200
    assert "Waiting for a grader" in page.content.decode()
    assert lab_page.status_code == 200
    assert health.status_code == 503
    assert health.json()["broker"]["ok"] is False
    assert health.json()["database"]["ok"] is True
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.QUEUED
    assert submission.attempts == 0

    # Redis is back: the beat's sweeper publishes the row again and the same worker grades it.
    monkeypatch.setattr(grading_queue, "STALE_QUEUED_AFTER", datetime.timedelta(seconds=1))

    def graded():
        grading_queue.sweep_stuck_submissions()
        submission.refresh_from_db()
        return submission.status not in Submission.PENDING

    try:
        wait_for(graded, timeout=90, interval=0.5, what="the sweeper and the worker")
    except AssertionError:
        print(worker.output()[-4000:])
        raise
    assert submission.status == Submission.Status.GRADED
    assert submission.attempts == 1
    assert worker.process.poll() is None, "the worker died during the outage"
