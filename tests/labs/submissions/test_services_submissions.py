"""Submitting and grading: lifecycle, idempotence, the daily limit and the sweeper."""

import datetime
import os
import socket
import subprocess

import pytest
from django.utils import timezone

from labs.models import Submission
from labs.services import grading_queue, intake, worker
from labs.tasks import grade_submission

pytestmark = pytest.mark.django_db


def _submit(lab, student, content: bytes, cohort=None) -> Submission:
    return intake.submission_create(
        lab=lab,
        student=student,
        cohort=cohort,
        upload=intake.UploadedPredictions(name="predictions.csv", content=content),
    )


def test_reference_predictions_pass_against_the_reference(
    enrolled_alice, wine_lab, wine_predictions
):
    submission = _submit(wine_lab, enrolled_alice, wine_predictions)
    assert submission.status == Submission.Status.QUEUED

    graded = worker.submission_grade(submission_id=submission.pk)

    assert graded.status == Submission.Status.GRADED
    assert graded.passed is True
    reference = wine_lab.references.get()
    assert graded.public_score == pytest.approx(reference.public_score)
    assert graded.reference_public_score == pytest.approx(reference.public_score)
    assert graded.feedback["confusion_matrix"]["labels"]


def test_constant_predictions_do_not_pass(enrolled_alice, wine_lab):
    ids = wine_lab.dataset.test_features_file.open("rb").read().decode().splitlines()[1:]
    rows = "\n".join(f"{line.split(',')[0]},{wine_lab.dataset.classes[0]}" for line in ids)
    submission = _submit(wine_lab, enrolled_alice, f"id,prediction\n{rows}\n".encode())

    graded = worker.submission_grade(submission_id=submission.pk)

    assert graded.status == Submission.Status.GRADED
    assert graded.passed is False
    assert graded.public_score < wine_lab.references.get().public_score


def test_grading_twice_stores_one_result(enrolled_alice, wine_lab, wine_predictions):
    submission = _submit(wine_lab, enrolled_alice, wine_predictions)

    first = grade_submission.apply(args=[submission.pk]).get()
    second = grade_submission.apply(args=[submission.pk]).get()

    assert first == Submission.Status.GRADED
    assert second is None
    submission.refresh_from_db()
    assert submission.attempts == 1
    assert Submission.objects.filter(lab=wine_lab).count() == 1


def test_malformed_file_is_rejected_with_reasons(enrolled_alice, wine_lab):
    submission = _submit(wine_lab, enrolled_alice, b"identifier,label\nx,1\n")

    graded = worker.submission_grade(submission_id=submission.pk)

    assert graded.status == Submission.Status.REJECTED
    assert any("id,prediction" in problem for problem in graded.problems)
    assert graded.public_score is None


def test_rejected_files_do_not_count_against_the_daily_limit(
    enrolled_alice, wine_lab, wine_predictions
):
    wine_lab.daily_limit = 1
    wine_lab.save()
    bad = _submit(wine_lab, enrolled_alice, b"nonsense\n")
    worker.submission_grade(submission_id=bad.pk)

    good = _submit(wine_lab, enrolled_alice, wine_predictions)

    assert good.status == Submission.Status.QUEUED
    with pytest.raises(intake.SubmissionRefused, match="all 1 submissions"):
        _submit(wine_lab, enrolled_alice, wine_predictions)


def test_empty_upload_is_refused_before_storing(enrolled_alice, wine_lab):
    with pytest.raises(intake.SubmissionRefused, match="empty"):
        _submit(wine_lab, enrolled_alice, b"  \n")
    assert not Submission.objects.exists()


def test_grading_is_enqueued_only_after_commit(
    settings,
    enrolled_alice,
    wine_lab,
    wine_predictions,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    settings.LABS_GRADING_WAKE_TTL_S = 0  # a message per upload (test_wake_ups: shared ones)
    published = []
    monkeypatch.setattr(
        grade_submission, "apply_async", lambda args, **options: published.append(args[0])
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission = _submit(wine_lab, enrolled_alice, wine_predictions)
    assert published == []
    for callback in callbacks:
        callback()
    assert published == [submission.pk]


def test_broker_down_keeps_submission_queued(
    settings,
    enrolled_alice,
    wine_lab,
    wine_predictions,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    settings.LABS_GRADING_WAKE_TTL_S = 0

    def broker_down(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(grade_submission, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        submission = _submit(wine_lab, enrolled_alice, wine_predictions)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.QUEUED


def test_sweeper_republishes_old_queued_and_silent_grading(
    enrolled_alice, wine_lab, wine_predictions, monkeypatch
):
    published = []
    monkeypatch.setattr(
        grading_queue, "enqueue_grading", lambda pk, **kw: published.append(pk) or True
    )
    fresh = _submit(wine_lab, enrolled_alice, wine_predictions)
    old = _submit(wine_lab, enrolled_alice, wine_predictions)
    silent = _submit(wine_lab, enrolled_alice, wine_predictions)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Submission.objects.filter(pk=old.pk).update(queued_at=long_ago)
    Submission.objects.filter(pk=silent.pk).update(
        status=Submission.Status.GRADING, started_at=long_ago
    )

    count = grading_queue.sweep_stuck_submissions()

    assert count == 2
    assert sorted(published) == sorted([old.pk, silent.pk])
    assert fresh.pk not in published
    silent.refresh_from_db()
    assert silent.status == Submission.Status.QUEUED


def test_a_grade_after_too_many_attempts_is_an_error_not_charged(
    enrolled_alice, wine_lab, wine_predictions
):
    submission = _submit(wine_lab, enrolled_alice, wine_predictions)
    Submission.objects.filter(pk=submission.pk).update(attempts=worker.MAX_GRADING_ATTEMPTS)

    graded = worker.submission_grade(submission_id=submission.pk)

    assert graded.status == Submission.Status.ERROR
    assert Submission.Status.ERROR not in Submission.CHARGED


def test_regrade_queues_a_graded_submission_again(enrolled_alice, wine_lab, wine_predictions):
    submission = _submit(wine_lab, enrolled_alice, wine_predictions)
    worker.submission_grade(submission_id=submission.pk)

    assert intake.lab_regrade_all(lab=wine_lab) == 1

    submission.refresh_from_db()
    assert submission.status == Submission.Status.QUEUED
    assert submission.public_score is None
    regraded = worker.submission_grade(submission_id=submission.pk)
    assert regraded.status == Submission.Status.GRADED


# ----------------------------------------------------------------- claims


# This host and pid namespace, as claims name them.
HERE = worker.claimant().rpartition(":")[0]


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _grading_claimed_by(lab, student, content, claimed_by) -> Submission:
    submission = _submit(lab, student, content)
    Submission.objects.filter(pk=submission.pk).update(
        status=Submission.Status.GRADING,
        started_at=timezone.now(),
        attempts=1,
        claimed_by=claimed_by,
    )
    return submission


def test_a_claim_names_this_process(enrolled_alice, wine_lab, wine_predictions):
    submission = _submit(wine_lab, enrolled_alice, wine_predictions)

    graded = worker.submission_grade(submission_id=submission.pk)

    host, _, pid = graded.claimed_by.rpartition(":")
    assert host.startswith(f"{socket.gethostname()}/")
    assert pid == str(os.getpid())
    assert graded.status == Submission.Status.GRADED


def test_a_row_whose_grader_died_on_this_host_is_taken_over_at_once(
    enrolled_alice, wine_lab, wine_predictions
):
    submission = _grading_claimed_by(
        wine_lab, enrolled_alice, wine_predictions, f"{HERE}:{_dead_pid()}"
    )

    graded = worker.submission_grade(submission_id=submission.pk)

    assert graded.status == Submission.Status.GRADED
    assert graded.attempts == 2


@pytest.mark.parametrize(
    "owner",
    [
        pytest.param(lambda: f"{HERE}:{os.getppid()}", id="alive-here"),
        pytest.param(lambda: f"{HERE}:{os.getpid()}", id="this-process"),
        pytest.param(lambda: f"elsewhere-{HERE}:{_dead_pid()}", id="other-host"),
        # Same host name, another container's processes: its pids mean nothing here.
        pytest.param(lambda: f"{socket.gethostname()}/[1]:{_dead_pid()}", id="other-pid-namespace"),
        pytest.param(lambda: "", id="no-claimant"),
        pytest.param(lambda: f"{HERE}:not-a-pid", id="garbled"),
    ],
)
def test_a_fresh_claim_that_may_still_be_working_is_left_alone(
    enrolled_alice, wine_lab, wine_predictions, owner
):
    claimed_by = owner()
    submission = _grading_claimed_by(wine_lab, enrolled_alice, wine_predictions, claimed_by)

    assert worker.submission_grade(submission_id=submission.pk) is None

    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADING
    assert submission.attempts == 1
    assert submission.claimed_by == claimed_by


def test_a_grader_that_lost_its_claim_stores_nothing(
    enrolled_alice, wine_lab, wine_predictions, monkeypatch
):
    submission = _submit(wine_lab, enrolled_alice, wine_predictions)
    grade = worker.grading.grade

    def grade_while_the_claim_is_taken(*args, **kwargs):
        # Meanwhile the row went stale and a worker on another host took it over.
        Submission.objects.filter(pk=submission.pk).update(claimed_by="other-host:1")
        return grade(*args, **kwargs)

    monkeypatch.setattr(worker.grading, "grade", grade_while_the_claim_is_taken)

    worker.submission_grade(submission_id=submission.pk)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADING
    assert submission.public_score is None
    assert submission.claimed_by == "other-host:1"
