"""A worker killed with SIGKILL in the middle of grading: the grade is stored exactly once.

Each test runs on Redis and on RabbitMQ. Grading is slowed down in these workers
(LABS_GRADING_TEST_DELAY_S) to leave time for the kill. A killed pool child's row is taken
over by the next child at once; a whole worker killed leaves a row that counts as abandoned
after a few seconds instead of minutes, so the sweeper (the beat task, called here
directly) recovers it within the test.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Submission
from labs.services import grading_queue
from labs.tasks import grade_submission
from tests.rabbitmq import delete_queues, require_rabbitmq
from tests.support import use_broker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

GRADING_DELAY_S = 4
STALE_AFTER_S = 6


@pytest.fixture(params=["redis", "rabbitmq"])
def broker(request, private_queue):
    """Each test runs on Redis and on RabbitMQ (CELERY_BROKER_URL=amqp://...), with the
    same late acks: this process publishes there, and so do the workers it starts."""
    if request.param == "redis":
        yield request.param
        return
    from config.celery_app import app

    url = require_rabbitmq()
    previous = (
        app.conf.broker_url,
        app.conf.broker_transport_options,
        app.conf.broker_transport,
    )
    # Celery reads CELERY_BROKER_URL from the environment before its own settings.
    environment = pytest.MonkeyPatch()
    environment.setenv("CELERY_BROKER_URL", url)
    use_broker(app, url, {"confirm_publish": True})
    try:
        yield request.param
        delete_queues(url, private_queue)
    finally:
        environment.undo()
        use_broker(app, *previous)


@pytest.fixture(autouse=True)
def _services(broker, require_postgres, require_redis, purged_queue, monkeypatch):
    # The sweeper runs in this process: give it the same short patience as the workers.
    monkeypatch.setattr(
        grading_queue, "STALE_GRADING_AFTER", datetime.timedelta(seconds=STALE_AFTER_S)
    )
    monkeypatch.setattr(grading_queue, "STALE_QUEUED_AFTER", datetime.timedelta(seconds=2))


def _submit(client, student, lab, predictions) -> Submission:
    client.force_login(student)
    upload = SimpleUploadedFile("predictions.csv", predictions, content_type="text/csv")
    response = client.post(reverse("labs:submit", args=[lab.slug]), {"file": upload})
    assert response.status_code == 302
    return Submission.objects.get()


def _status(submission) -> str:
    submission.refresh_from_db()
    return submission.status


def _sweep_until_graded(submission, workers, timeout=90):
    def graded():
        grading_queue.sweep_stuck_submissions()
        return _status(submission) not in Submission.PENDING

    try:
        wait_for(graded, timeout=timeout, interval=0.5, what="the sweeper and a worker")
    except AssertionError:
        for worker in workers:
            print(worker.output()[-3000:])
        raise


def _stored_lines(submission, workers) -> list[str]:
    """The workers' "graded ... stored=True" lines for the submission. A worker logs a grade
    just after committing it, so the line is waited for (10 s) once the row reads graded."""
    pattern = re.compile(rf"graded submission={submission.pk} .*stored=True")

    def lines():
        return [line for w in workers for line in w.output().splitlines() if pattern.search(line)]

    wait_for(lines, timeout=10, what=f"submission {submission.pk}'s grade in the log")
    return lines()


def test_killed_pool_child_is_replaced_and_its_successor_grades_at_once(
    client, student, wine_lab, wine_predictions, start_worker
):
    # No sweeper and a patience of ten minutes: only the takeover of a dead claimant's
    # row, by the child Celery hands the redelivered message to, can grade it in time.
    worker = start_worker(
        "busy", LABS_GRADING_TEST_DELAY_S=GRADING_DELAY_S, LABS_STALE_GRADING_AFTER_S=600
    )
    submission = _submit(client, student, wine_lab, wine_predictions)
    wait_for(lambda: _status(submission) == "grading", timeout=60, what="grading to start")

    killed = worker.kill_child()

    try:
        wait_for(
            lambda: _status(submission) not in Submission.PENDING,
            timeout=60,
            interval=0.5,
            what="the replacement child to grade it",
        )
    except AssertionError:
        print(worker.output()[-3000:])
        raise
    assert submission.status == Submission.Status.GRADED
    assert submission.public_score is not None
    # One attempt died with its process, the next one finished.
    assert submission.attempts == 2
    assert submission.claimed_by.endswith(f":{worker.pool_children()[0]}")
    assert len(_stored_lines(submission, [worker])) == 1
    assert f"its grader {submission.claimed_by.rsplit(':', 1)[0]}:{killed} is gone" in (
        worker.output()
    )
    # The parent survived and replaced its child.
    assert worker.process.poll() is None
    assert killed not in worker.pool_children()
    assert "signal 9" in worker.output() or "WorkerLostError" in worker.output()


def test_whole_worker_killed_then_another_grades_it_once_and_a_late_copy_is_ignored(
    client, student, wine_lab, wine_predictions, start_worker
):
    first = start_worker(
        "killed",
        LABS_GRADING_TEST_DELAY_S=GRADING_DELAY_S,
        LABS_STALE_GRADING_AFTER_S=STALE_AFTER_S,
    )
    submission = _submit(client, student, wine_lab, wine_predictions)
    wait_for(lambda: _status(submission) == "grading", timeout=60, what="grading to start")

    first.kill_all()
    assert first.process.returncode == -9
    # The message is unacked in Redis until the visibility timeout (RabbitMQ requeues it
    # at once, for the next worker to start); the row is the truth.
    assert _status(submission) == "grading"

    second = start_worker("replacement", LABS_STALE_GRADING_AFTER_S=STALE_AFTER_S)
    _sweep_until_graded(submission, [first, second])
    assert submission.status == Submission.Status.GRADED
    assert submission.attempts == 2
    assert len(_stored_lines(submission, [first, second])) == 1

    # Redis hands the first worker's unacked message out again once its visibility timeout
    # passes; the same delivery, made now, must find nothing to claim (on either broker).
    graded_at = submission.finished_at
    quiet_runs = second.output().count("succeeded in")
    grade_submission.delay(submission.pk)
    wait_for(
        lambda: second.output().count("succeeded in") > quiet_runs,
        timeout=60,
        what="the late copy to be run",
    )
    submission.refresh_from_db()
    assert submission.attempts == 2
    assert submission.finished_at == graded_at
    assert len(_stored_lines(submission, [first, second])) == 1
    assert second.process.poll() is None
