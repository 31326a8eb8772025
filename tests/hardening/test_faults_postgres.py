"""PostgreSQL drops every connection (a failover, a restart of a pooler): the web process
and the worker carry on without a restart.

Only the sessions of our own test database are terminated; the server keeps running for
everyone else. The web process is real gunicorn with config/gunicorn.conf.py.
"""

import datetime
import json
import re
import urllib.error
import urllib.request
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from config.tasks import worker_heartbeat
from labs.models import Submission, WorkerHeartbeat
from labs.services import grading_queue
from tests.support import running_gunicorn, terminate_other_sessions, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

STALE_S = 6


@pytest.fixture
def gunicorn(require_postgres, tmp_path):
    with running_gunicorn(tmp_path / "gunicorn.log") as started:
        yield started


def _get(url) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local URL
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_gunicorn_keeps_serving_after_its_database_connection_is_killed(gunicorn):
    base, process = gunicorn
    status, body = _get(f"{base}/health/")
    assert body["database"]["ok"] is True

    # The gunicorn worker holds a persistent connection (CONN_MAX_AGE); kill it.
    assert terminate_other_sessions() >= 1

    # CONN_HEALTH_CHECKS notices the dead connection at the start of the next request.
    for _ in range(3):
        status, body = _get(f"{base}/health/")
        assert body["database"]["ok"] is True, body
    assert process.poll() is None


def test_worker_survives_its_connection_dying_mid_task_and_the_grade_lands_once(
    client,
    student,
    wine_lab,
    wine_predictions,
    start_worker,
    require_redis,
    purged_queue,
    monkeypatch,
):
    # First the connection drops in the middle of a task; slow grading opens the window.
    monkeypatch.setattr(grading_queue, "STALE_GRADING_AFTER", datetime.timedelta(seconds=STALE_S))
    monkeypatch.setattr(grading_queue, "STALE_QUEUED_AFTER", datetime.timedelta(seconds=2))
    worker = start_worker(
        "survivor", LABS_GRADING_TEST_DELAY_S=3, LABS_STALE_GRADING_AFTER_S=STALE_S
    )
    client.force_login(student)
    upload = SimpleUploadedFile("predictions.csv", wine_predictions, content_type="text/csv")
    assert (
        client.post(reverse("labs:submit", args=[wine_lab.slug]), {"file": upload}).status_code
        == 302
    )
    submission = Submission.objects.get()

    def status():
        submission.refresh_from_db()
        return submission.status

    wait_for(lambda: status() == "grading", timeout=60, what="grading to start")
    assert terminate_other_sessions() >= 1

    def graded():
        grading_queue.sweep_stuck_submissions()
        return status() not in Submission.PENDING

    try:
        wait_for(graded, timeout=90, interval=0.5, what="the worker to grade after the drop")
    except AssertionError:
        print(worker.output()[-4000:])
        raise
    assert submission.status == Submission.Status.GRADED
    assert submission.attempts <= 2
    # The worker logs the grade just after it commits it: the row can be read a moment
    # before the line reaches its log, so wait for the line, then count.
    line = rf"graded submission={submission.pk} .*stored=True"
    wait_for(lambda: re.search(line, worker.output()), timeout=10, what="the grade's log line")
    assert len(re.findall(line, worker.output())) == 1

    # Between tasks the worker keeps its connection (CONN_MAX_AGE)...
    (child,) = worker.pool_children()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = %s",
            [f"lodestar-worker-{child}"],
        )
        assert cursor.fetchone()[0] == 1
    # ...and the server drops it while the worker is idle. The next grade must not even
    # need a retry: the health check before the task replaces the dead connection.
    assert terminate_other_sessions() >= 1
    upload = SimpleUploadedFile("predictions.csv", wine_predictions, content_type="text/csv")
    assert (
        client.post(reverse("labs:submit", args=[wine_lab.slug]), {"file": upload}).status_code
        == 302
    )
    second = Submission.objects.exclude(pk=submission.pk).get()
    wait_for(
        lambda: Submission.objects.get(pk=second.pk).status not in Submission.PENDING,
        timeout=60,
        what="the worker to grade on a fresh connection",
    )
    second.refresh_from_db()
    assert second.status == Submission.Status.GRADED
    assert second.attempts == 1

    # Still the same process, still writing to the database.
    token = uuid.uuid4().hex
    worker_heartbeat.delay(token)
    wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).exists(), timeout=60)
    assert worker.process.poll() is None
