"""Grading in batches: a worker claims queued files together, each gets its own verdict."""

import datetime
import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from labs.models import Submission
from labs.services import claims, grading_queue, worker

pytestmark = pytest.mark.django_db

BAD_FILE = b"id,prediction\nnot-a-row\n"


def _queued(lab, student, content: bytes, count: int) -> list[Submission]:
    """Queued rows as uploads leave them (intake's limits would stop a class's burst)."""
    rows = []
    for _ in range(count):
        submission = Submission(
            lab=lab, student=student, original_name="predictions.csv", size_bytes=len(content)
        )
        submission.file.save("predictions.csv", ContentFile(content), save=False)
        submission.save()
        rows.append(submission)
    return rows


@pytest.fixture
def published(monkeypatch):
    """What the worker publishes again (rows it queues back), instead of the broker."""
    pks = []
    monkeypatch.setattr(grading_queue, "enqueue_grading", lambda pk, **kw: pks.append(pk) or True)
    return pks


def test_a_submission_is_graded_with_other_queued_files(
    settings, enrolled_alice, wine_lab, wine_predictions
):
    settings.LABS_GRADING_BATCH_SIZE = 4
    rows = _queued(wine_lab, enrolled_alice, wine_predictions, 6)

    graded = worker.submission_grade(submission_id=rows[3].pk)

    assert graded.pk == rows[3].pk
    assert graded.status == Submission.Status.GRADED
    # Its own row and the three oldest others; the rest wait for their own messages.
    statuses = dict(Submission.objects.values_list("pk", "status"))
    assert [statuses[row.pk] for row in rows] == ["graded"] * 4 + ["queued"] * 2
    stored = Submission.objects.filter(status=Submission.Status.GRADED)
    assert {row.attempts for row in stored} == {1}
    assert {row.passed for row in stored} == {True}
    assert len({row.claimed_by for row in stored}) == 1


def test_a_later_delivery_of_a_file_graded_in_a_batch_changes_nothing(
    enrolled_alice, wine_lab, wine_predictions
):
    first, second = _queued(wine_lab, enrolled_alice, wine_predictions, 2)
    worker.submission_grade(submission_id=first.pk)
    second.refresh_from_db()
    assert second.status == Submission.Status.GRADED

    assert worker.submission_grade(submission_id=second.pk) is None

    again = Submission.objects.get(pk=second.pk)
    assert again.attempts == 1
    assert again.finished_at == second.finished_at


def test_a_bad_file_in_a_batch_is_rejected_alone(enrolled_alice, wine_lab, wine_predictions):
    good, second = _queued(wine_lab, enrolled_alice, wine_predictions, 2)
    (bad,) = _queued(wine_lab, enrolled_alice, BAD_FILE, 1)
    (last,) = _queued(wine_lab, enrolled_alice, wine_predictions, 1)

    worker.submission_grade(submission_id=good.pk)

    bad.refresh_from_db()
    assert bad.status == Submission.Status.REJECTED
    assert bad.problems
    assert bad.public_score is None
    graded = Submission.objects.filter(status=Submission.Status.GRADED)
    assert sorted(graded.values_list("pk", flat=True)) == sorted([good.pk, second.pk, last.pk])


def test_a_file_that_breaks_the_grader_is_queued_again_alone(
    enrolled_alice, wine_lab, wine_predictions, published, monkeypatch
):
    own, other = _queued(wine_lab, enrolled_alice, wine_predictions, 2)
    (breaking,) = _queued(wine_lab, enrolled_alice, b"id,prediction\nboom,1\n", 1)
    grade = worker.grading.grade

    def grade_or_break(content, **kwargs):
        if content.startswith(b"id,prediction\nboom"):
            raise RuntimeError("a bug in the grader")
        return grade(content, **kwargs)

    monkeypatch.setattr(worker.grading, "grade", grade_or_break)

    graded = worker.submission_grade(submission_id=own.pk)

    assert graded.status == Submission.Status.GRADED
    other.refresh_from_db()
    assert other.status == Submission.Status.GRADED
    breaking.refresh_from_db()
    assert breaking.status == Submission.Status.QUEUED
    assert breaking.problems == ["Grading this file failed; it is queued again."]
    # Published again for a grading of its own, and left out of other workers' batches.
    assert published == [breaking.pk]
    assert worker.submission_grade(submission_id=other.pk) is None
    breaking.refresh_from_db()
    assert breaking.status == Submission.Status.QUEUED


def test_own_file_breaking_the_grader_fails_the_task_after_storing_the_others(
    enrolled_alice, wine_lab, wine_predictions, published, monkeypatch
):
    (own,) = _queued(wine_lab, enrolled_alice, b"id,prediction\nboom,1\n", 1)
    other, _ = _queued(wine_lab, enrolled_alice, wine_predictions, 2)

    monkeypatch.setattr(worker, "_grade_one", _break_on(own.pk, worker._grade_one))

    with pytest.raises(RuntimeError):
        worker.submission_grade(submission_id=own.pk)

    other.refresh_from_db()
    assert other.status == Submission.Status.GRADED
    own.refresh_from_db()
    # Still held: the task releases it and retries it (labs.tasks.grade_submission).
    assert own.status == Submission.Status.GRADING
    assert published == []


def _break_on(pk, grade_one):
    def grade_one_or_break(submission):
        if submission.pk == pk:
            raise RuntimeError("a bug in the grader")
        return grade_one(submission)

    return grade_one_or_break


def test_a_batch_holds_only_prediction_files(settings, enrolled_alice, wine_lab, wine_predictions):
    from labs.models import Lab

    settings.LABS_GRADING_BATCH_SIZE = 8
    own, other = _queued(wine_lab, enrolled_alice, wine_predictions, 2)
    code_lab = type(wine_lab).objects.get(pk=wine_lab.pk)
    code_lab.pk, code_lab.slug = None, "code-lab"
    code_lab.submission_kind = Lab.SubmissionKind.CODE
    code_lab.save()
    (code,) = _queued(code_lab, enrolled_alice, b"def train(X, y): ...\n", 1)

    is_own, claimed = claims.claim_batch(submission_id=own.pk)

    assert is_own
    assert claimed == [own.pk, other.pk]
    code.refresh_from_db()
    assert code.status == Submission.Status.QUEUED

    # A code submission is claimed alone: its run in the sandbox takes seconds.
    (another,) = _queued(wine_lab, enrolled_alice, wine_predictions, 1)
    assert claims.claim_batch(submission_id=code.pk) == (True, [code.pk])
    another.refresh_from_db()
    assert another.status == Submission.Status.QUEUED


def test_a_batch_size_of_one_grades_one_file_per_task(
    settings, enrolled_alice, wine_lab, wine_predictions
):
    settings.LABS_GRADING_BATCH_SIZE = 1
    own, other = _queued(wine_lab, enrolled_alice, wine_predictions, 2)

    worker.submission_grade(submission_id=own.pk)

    other.refresh_from_db()
    assert other.status == Submission.Status.QUEUED


def test_a_grader_that_lost_one_claim_stores_the_rest_of_its_batch(
    enrolled_alice, wine_lab, wine_predictions, monkeypatch
):
    own, taken, other = _queued(wine_lab, enrolled_alice, wine_predictions, 3)
    grade = worker.grading.grade

    def grade_while_a_claim_is_taken(*args, **kwargs):
        # Meanwhile one row went stale and a worker on another host took it over.
        Submission.objects.filter(pk=taken.pk).update(claimed_by="other-host:1")
        return grade(*args, **kwargs)

    monkeypatch.setattr(worker.grading, "grade", grade_while_a_claim_is_taken)

    worker.submission_grade(submission_id=own.pk)

    taken.refresh_from_db()
    assert taken.status == Submission.Status.GRADING
    assert taken.public_score is None
    assert taken.claimed_by == "other-host:1"
    assert set(
        Submission.objects.filter(status=Submission.Status.GRADED).values_list("pk", flat=True)
    ) == {own.pk, other.pk}


# ----------------------------------------------------------------- workers that die


def test_a_batch_whose_worker_died_elsewhere_is_queued_again_by_the_sweeper(
    enrolled_alice, wine_lab, wine_predictions, published, monkeypatch
):
    rows = _queued(wine_lab, enrolled_alice, wine_predictions, 3)
    # A worker on another host claims the batch, then is killed before storing.
    with monkeypatch.context() as patch:
        patch.setattr(claims, "claimant", lambda: "elsewhere/1:4242")
        assert claims.claim_batch(submission_id=rows[0].pk) == (True, [row.pk for row in rows])
    assert all(worker.submission_grade(submission_id=row.pk) is None for row in rows)

    later = timezone.now() + grading_queue.STALE_GRADING_AFTER + datetime.timedelta(seconds=1)
    assert grading_queue.sweep_stuck_submissions(now=later) == 3

    assert sorted(published) == [row.pk for row in rows]
    for row in rows:
        worker.submission_grade(submission_id=row.pk)
        row.refresh_from_db()
        assert row.status == Submission.Status.GRADED
        assert row.attempts == 2


def test_a_batch_whose_grader_died_on_this_host_goes_back_to_the_queue_file_by_file(
    enrolled_alice, wine_lab, wine_predictions, published, monkeypatch
):
    from tests.labs.submissions.test_services_submissions import HERE, _dead_pid

    rows = _queued(wine_lab, enrolled_alice, wine_predictions, 3)
    dead = f"{HERE}:{_dead_pid()}"
    with monkeypatch.context() as patch:
        patch.setattr(claims, "claimant", lambda: dead)
        claims.claim_batch(submission_id=rows[0].pk)

    # Celery hands the dead process's message (rows[0]) to another child.
    graded = worker.submission_grade(submission_id=rows[0].pk)

    assert graded.status == Submission.Status.GRADED
    assert graded.attempts == 2
    # The others wait for their own messages: if one of them killed the grader, it
    # fails alone instead of taking a new batch down with it.
    assert published == [rows[1].pk, rows[2].pk]
    for row in rows[1:]:
        row.refresh_from_db()
        assert row.status == Submission.Status.QUEUED
        assert row.problems == ["The worker grading this file stopped; it is queued again."]
        worker.submission_grade(submission_id=row.pk)
        row.refresh_from_db()
        assert row.status == Submission.Status.GRADED
        assert row.attempts == 2


# ----------------------------------------------------------------- concurrency


@pytest.mark.django_db(transaction=True)
def test_workers_claiming_at_once_never_take_the_same_row(
    require_postgres, settings, enrolled_alice, wine_lab, wine_predictions, monkeypatch
):
    settings.LABS_GRADING_BATCH_SIZE = 5
    rows = _queued(wine_lab, enrolled_alice, wine_predictions, 60)
    names = threading.local()
    # Threads stand in for worker processes: each claims under a name of its own.
    monkeypatch.setattr(claims, "claimant", lambda: names.value)
    threads_count = 6
    start = threading.Barrier(threads_count)
    claimed: dict[str, list[int]] = {}
    errors = []

    def work(index: int):
        names.value = f"elsewhere/1:{index}"
        taken = claimed.setdefault(names.value, [])
        try:
            connection.ensure_connection()
            start.wait()
            # Every thread is delivered every message, as if the broker redelivered all.
            for row in rows[index::threads_count] + rows:
                is_own, batch = claims.claim_batch(submission_id=row.pk)
                assert is_own == (bool(batch) and batch[0] == row.pk)
                taken.extend(batch)
        except Exception as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    every_claim = [pk for batch in claimed.values() for pk in batch]
    assert sorted(every_claim) == sorted(row.pk for row in rows)  # each row exactly once
    holders = dict(Submission.objects.values_list("pk", "claimed_by"))
    for name, pks in claimed.items():
        assert {holders[pk] for pk in pks} <= {name}
    assert set(Submission.objects.values_list("attempts", flat=True)) == {1}
