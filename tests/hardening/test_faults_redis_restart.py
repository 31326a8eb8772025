"""Redis restarts while a worker grades: the same worker lives on and every grade lands once.

The case that used to kill the worker: it holds unacked messages (late acks) and has a free
pool child, so a BRPOP is waiting on Redis when Redis stops. kombu 5.7.0 alone then exits
the worker with an AttributeError; config/broker.py repairs its Redis channel. Redis comes
back without its data, as a server without persistence does; the submission rows, published
again by the sweeper (called here directly), are the record of the work. The Redis restarted
is the test's own (the `private_redis` fixture), never the configured one.
"""

import datetime
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Submission
from labs.services import grading_queue, intake
from tests.labs.sandbox_support import solution
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

OUTAGE_S = 3
# Fewer uploads than pool children: all are grading at once and one child is free.
BURST = 3
CONCURRENCY = 4

# A valid solution that spends a few seconds in train(), so Redis stops while it runs.
SLOW_SOLUTION = solution(
    """
    import time

    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler


    def train(X, y):
        time.sleep(8)
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X, y)


    def predict(model, X):
        return model.predict(X)
    """
)


@pytest.fixture(autouse=True)
def _services(private_redis, require_postgres, require_redis, purged_queue, monkeypatch):
    # The sweeper runs in this process. Only queued rows are republished quickly: no grader
    # dies here, so a row in "grading" must finish through its first attempt.
    monkeypatch.setattr(grading_queue, "STALE_QUEUED_AFTER", datetime.timedelta(seconds=2))
    monkeypatch.setattr(grading_queue, "STALE_GRADING_AFTER", datetime.timedelta(seconds=600))


def _sweep_until_all_finished(submissions, worker, timeout=120):
    def finished():
        grading_queue.sweep_stuck_submissions()
        return not Submission.objects.filter(
            pk__in=[s.pk for s in submissions], status__in=Submission.PENDING
        ).exists()

    try:
        wait_for(finished, timeout=timeout, interval=0.5, what="the sweeper and the worker")
    except AssertionError:
        print(worker.output()[-4000:])
        raise


def _stored_lines(submission, worker) -> list[str]:
    """The worker's "graded ... stored=True" lines for the submission. It logs a grade just
    after committing it, so the line is waited for (10 s) once the row reads graded."""
    pattern = re.compile(rf"graded submission={submission.pk} .*stored=True")

    def lines():
        return [line for line in worker.output().splitlines() if pattern.search(line)]

    wait_for(lines, timeout=10, what=f"submission {submission.pk}'s grade in the log")
    return lines()


def _assert_survived_with_unacked_work(worker, pid):
    output = worker.output()
    assert worker.process.poll() is None, "the worker exited:\n" + output[-4000:]
    assert worker.process.pid == pid
    assert "Unrecoverable error" not in output
    # The outage did hit the case that used to kill the worker: it held unacked messages.
    assert re.search(r"Restoring \d+ unacknowledged message", output), output[-4000:]
    # It consumes again: a task published after the restart reaches this same process.
    worker.wait_until_consuming(timeout=60)
    assert worker.process.pid == pid


def test_redis_restart_while_code_runs_in_the_sandbox_keeps_the_worker_and_grades_once(
    private_redis, client, student, code_lab_in_sandbox, start_worker
):
    worker = start_worker("sandbox", concurrency=2, LABS_STALE_GRADING_AFTER_S=600)
    pid = worker.process.pid
    client.force_login(student)
    response = client.post(
        reverse("labs:submit", args=[code_lab_in_sandbox.slug]),
        {"file": SimpleUploadedFile("slow.py", SLOW_SOLUTION)},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    wait_for(worker.runs_sandbox, timeout=60, interval=0.1, what="the sandbox to start")

    with private_redis.outage():
        time.sleep(OUTAGE_S)
        assert worker.runs_sandbox(), "the sandbox run ended during the outage: too short a test"

    assert private_redis.is_up()
    _sweep_until_all_finished([submission], worker)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADED, submission.problems
    assert submission.feedback["sandbox"]["status"] == "ok"
    assert submission.passed is True
    assert submission.attempts == 1
    assert len(_stored_lines(submission, worker)) == 1
    _assert_survived_with_unacked_work(worker, pid)


def _upload(lab, student, cohort, predictions, name) -> Submission:
    return intake.submission_create(
        lab=lab,
        student=student,
        cohort=cohort,
        upload=intake.UploadedPredictions(name=name, content=predictions),
    )


def test_redis_restart_during_a_burst_of_csv_uploads_grades_each_once_on_the_same_worker(
    private_redis, settings, student, cohort, wine_lab, wine_predictions, start_worker
):
    wine_lab.daily_limit = 2 * BURST
    wine_lab.save(update_fields=["daily_limit"])
    # A message per upload (no shared wake-ups, which chain one upload's message into the
    # next), so that the count of messages held unacked during the outage is known.
    settings.LABS_GRADING_WAKE_TTL_S = 0
    worker = start_worker(
        "burst",
        concurrency=CONCURRENCY,
        LABS_GRADING_TEST_DELAY_S=OUTAGE_S + 2,
        LABS_STALE_GRADING_AFTER_S=600,
        # One file per task, so that each upload's message is held unacked during the outage
        # (in batches, the first task would grade the burst and ack the others' at once).
        LABS_GRADING_BATCH_SIZE=1,
        LABS_GRADING_WAKE_TTL_S=0,
    )
    pid = worker.process.pid
    in_flight = [
        _upload(wine_lab, student, cohort, wine_predictions, f"burst-{n}.csv") for n in range(BURST)
    ]
    wait_for(
        lambda: (
            Submission.objects.filter(pk__in=[s.pk for s in in_flight], status="grading").count()
            == BURST
        ),
        timeout=60,
        what="the whole burst to be grading",
    )

    with private_redis.outage():
        # The burst goes on while Redis is away: these rows stay queued, their publishing
        # fails at once, and only the sweeper can bring them to a worker.
        during = [
            _upload(wine_lab, student, cohort, wine_predictions, f"outage-{n}.csv")
            for n in range(BURST)
        ]
        time.sleep(OUTAGE_S)
        assert worker.process.poll() is None

    assert private_redis.is_up()
    submissions = in_flight + during
    assert set(
        Submission.objects.filter(pk__in=[s.pk for s in during]).values_list("status", flat=True)
    ) == {Submission.Status.QUEUED}
    _sweep_until_all_finished(submissions, worker)
    for submission in submissions:
        submission.refresh_from_db()
        assert submission.status == Submission.Status.GRADED, submission.problems
        assert submission.public_score is not None
        # No grader died and none went stale: each row was claimed exactly once.
        assert submission.attempts == 1
        assert len(_stored_lines(submission, worker)) == 1, submission.pk
    assert f"Restoring {BURST} unacknowledged message" in worker.output()
    _assert_survived_with_unacked_work(worker, pid)
