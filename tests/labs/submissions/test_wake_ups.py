"""Uploads share wake-up messages: one pending at a time, cleared before a worker claims."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction

from labs.models import Lab, Submission
from labs.services import claims, grading_queue, intake, worker
from labs.services.intake import SubmissionThrottled
from labs.tasks import grade_code_submission, grade_queued, grade_submission
from tests.labs.factories import lab_on_builtin
from tests.labs.submissions.test_services_batches import _queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache every process could read (files on disk), as Redis is in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.LABS_GRADING_WAKE_TTL_S = 30
    yield cache
    cache.clear()


@pytest.fixture
def messages(monkeypatch):
    """What is published, by task name, instead of the broker."""
    sent = []

    def recorder(name):
        return lambda args=None, **options: sent.append((name, tuple(args or ())))

    monkeypatch.setattr(grade_queued, "apply_async", recorder("grade_queued"))
    monkeypatch.setattr(grade_submission, "apply_async", recorder("grade_submission"))
    monkeypatch.setattr(grade_code_submission, "apply_async", recorder("grade_code_submission"))
    return sent


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Upload as a student does: committed, so what waits for the commit is published."""

    def upload(lab, student, content: bytes, name="predictions.csv") -> Submission:
        with django_capture_on_commit_callbacks(execute=True):
            return intake.submission_create(
                lab=lab,
                student=student,
                cohort=None,
                upload=intake.UploadedPredictions(name=name, content=content),
            )

    return upload


def _pending_flag() -> bool:
    return cache.get(grading_queue._wake_key()) is not None


def test_uploads_share_the_pending_wake_up(
    upload, shared_cache, messages, enrolled_alice, wine_lab, wine_predictions
):
    for _ in range(4):
        upload(wine_lab, enrolled_alice, wine_predictions)

    # The first upload published; the other three found a wake-up pending.
    assert messages == [("grade_queued", ())]
    assert _pending_flag()

    grading_queue.clear_wake_up()  # a worker took it
    upload(wine_lab, enrolled_alice, wine_predictions)
    assert messages == [("grade_queued", ())] * 2


def test_uploads_committed_together_wake_the_graders_once(
    shared_cache,
    messages,
    django_capture_on_commit_callbacks,
    enrolled_alice,
    wine_lab,
    wine_predictions,
):
    upload = intake.UploadedPredictions(name="predictions.csv", content=wine_predictions)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for _ in range(5):
                intake.submission_create(
                    lab=wine_lab, student=enrolled_alice, cohort=None, upload=upload
                )

    # One callback for the five files: the flag is asked once, and one message goes out.
    assert len(callbacks) == 1
    assert messages == [("grade_queued", ())]
    assert worker.queued_grade() != []


def test_a_wake_up_dropped_with_its_savepoint_does_not_silence_the_next_upload(
    shared_cache,
    messages,
    django_capture_on_commit_callbacks,
    enrolled_alice,
    wine_lab,
    wine_predictions,
):
    upload = intake.UploadedPredictions(name="predictions.csv", content=wine_predictions)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    intake.submission_create(
                        lab=wine_lab, student=enrolled_alice, cohort=None, upload=upload
                    )
                    raise RuntimeError("the request failed after storing the file")
            except RuntimeError:
                pass
            kept = intake.submission_create(
                lab=wine_lab, student=enrolled_alice, cohort=None, upload=upload
            )

    assert len(callbacks) == 1
    assert messages == [("grade_queued", ())]
    assert worker.queued_grade() == [kept.pk]


def test_code_uploads_keep_a_message_each_on_the_code_queue(
    upload, shared_cache, messages, enrolled_alice, enrolled_bob
):
    code_lab = lab_on_builtin(
        dataset_slug="wine", slug="wine-in-code", week=1, submission_kind=Lab.SubmissionKind.CODE
    )
    first = upload(code_lab, enrolled_alice, b"def train(X, y): ...\n", name="solution.py")
    second = upload(code_lab, enrolled_bob, b"def train(X, y): ...\n", name="solution.py")

    assert messages == [
        ("grade_code_submission", (first.pk,)),
        ("grade_code_submission", (second.pk,)),
    ]


def test_a_students_code_runs_go_one_at_a_time(upload, shared_cache, messages, enrolled_alice):
    code_lab = lab_on_builtin(
        dataset_slug="wine", slug="wine-in-code", week=1, submission_kind=Lab.SubmissionKind.CODE
    )
    first = upload(code_lab, enrolled_alice, b"def train(X, y): ...\n", name="solution.py")
    with pytest.raises(SubmissionThrottled, match="still waiting for its run or running"):
        upload(code_lab, enrolled_alice, b"def train(X, y): ...\n", name="solution.py")
    Submission.objects.filter(pk=first.pk).update(status=Submission.Status.REJECTED)
    second = upload(code_lab, enrolled_alice, b"def train(X, y): ...\n", name="solution.py")
    assert [pk for _, (pk,) in messages] == [first.pk, second.pk]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"LABS_GRADING_WAKE_TTL_S": 0}, id="turned-off"),
        pytest.param(
            {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}},
            id="cache-private-to-each-process",
        ),
    ],
)
def test_without_a_shared_flag_each_upload_publishes_its_own_message(
    upload, settings, messages, enrolled_alice, wine_lab, wine_predictions, change
):
    for name, value in change.items():
        setattr(settings, name, value)
    first = upload(wine_lab, enrolled_alice, wine_predictions)
    second = upload(wine_lab, enrolled_alice, wine_predictions)

    assert messages == [("grade_submission", (first.pk,)), ("grade_submission", (second.pk,))]


def test_a_cache_that_cannot_be_reached_wakes_the_graders_anyway(
    upload, shared_cache, messages, enrolled_alice, wine_lab, wine_predictions, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(FileBasedCache, "add", unreachable)
    monkeypatch.setattr(FileBasedCache, "delete", unreachable)
    upload(wine_lab, enrolled_alice, wine_predictions)
    upload(wine_lab, enrolled_alice, wine_predictions)
    assert messages == [("grade_queued", ())] * 2

    # And a worker still grades what it is woken for.
    assert len(worker.queued_grade()) == 2
    assert not Submission.objects.filter(status=Submission.Status.QUEUED).exists()


def test_a_wake_up_clears_the_flag_then_grades_the_oldest_queued_files(
    shared_cache, messages, settings, enrolled_alice, wine_lab, wine_predictions
):
    settings.LABS_GRADING_BATCH_SIZE = 4
    rows = _queued(wine_lab, enrolled_alice, wine_predictions, 3)
    assert grading_queue.wake_graders()

    claimed = grade_queued.run()

    assert claimed == 3
    assert not _pending_flag()
    for row in rows:
        row.refresh_from_db()
        assert row.status == Submission.Status.GRADED
        assert row.passed is True
        assert row.attempts == 1
    # Not a full batch, so nothing more waits: no further wake-up.
    assert messages == [("grade_queued", ())]


def test_a_full_batch_wakes_the_graders_again_before_grading(
    shared_cache, messages, settings, enrolled_alice, wine_lab, wine_predictions, monkeypatch
):
    settings.LABS_GRADING_BATCH_SIZE = 2
    rows = _queued(wine_lab, enrolled_alice, wine_predictions, 5)
    seen_when_grading = []
    grade = worker.grading.grade

    def grade_and_note(*args, **kwargs):
        seen_when_grading.append(list(messages))
        return grade(*args, **kwargs)

    monkeypatch.setattr(worker.grading, "grade", grade_and_note)

    assert worker.queued_grade() == [rows[0].pk, rows[1].pk]
    # The next wake-up was out before the first file was graded.
    assert seen_when_grading[0] == [("grade_queued", ())]
    # Each wake-up takes the next batch, oldest first, until the queue is empty.
    grading_queue.clear_wake_up()
    assert worker.queued_grade() == [rows[2].pk, rows[3].pk]
    assert worker.queued_grade() == [rows[4].pk]
    assert len(messages) == 2
    assert set(Submission.objects.values_list("status", flat=True)) == {"graded"}


def test_a_wake_up_leaves_code_files_and_released_rows_to_their_own_messages(
    shared_cache, messages, enrolled_alice, wine_lab, wine_predictions
):
    code_lab = lab_on_builtin(
        dataset_slug="wine", slug="wine-in-code", week=1, submission_kind=Lab.SubmissionKind.CODE
    )
    (code,) = _queued(code_lab, enrolled_alice, b"def train(X, y): ...\n", 1)
    released, plain = _queued(wine_lab, enrolled_alice, wine_predictions, 2)
    Submission.objects.filter(pk=released.pk).update(problems=["Grading this file failed."])

    assert worker.queued_grade() == [plain.pk]
    assert set(
        Submission.objects.filter(status=Submission.Status.QUEUED).values_list("pk", flat=True)
    ) == {code.pk, released.pk}


def test_a_wake_up_queues_again_the_files_of_a_dead_grader_on_this_host(
    shared_cache, messages, enrolled_alice, wine_lab, wine_predictions, monkeypatch
):
    from tests.labs.submissions.test_services_submissions import HERE, _dead_pid

    dead_here = _queued(wine_lab, enrolled_alice, wine_predictions, 2)
    with monkeypatch.context() as patch:
        patch.setattr(claims, "claimant", lambda: f"{HERE}:{_dead_pid()}")
        claims.claim_batch(submission_id=dead_here[0].pk)
    elsewhere = _queued(wine_lab, enrolled_alice, wine_predictions, 1)
    with monkeypatch.context() as patch:
        patch.setattr(claims, "claimant", lambda: "elsewhere/1:4242")
        claims.claim_batch(submission_id=elsewhere[0].pk)
    assert not Submission.objects.filter(status=Submission.Status.QUEUED).exists()

    # The wake-up that was in flight comes back to another child of this host.
    assert worker.queued_grade() == []

    # The dead grader's files are queued again, each with a message of its own (one of
    # them may be what killed it); the other host's claim waits for the sweeper.
    assert sorted(messages) == [("grade_submission", (row.pk,)) for row in dead_here]
    for row in dead_here:
        row.refresh_from_db()
        assert row.status == Submission.Status.QUEUED
        assert row.problems == ["The worker grading this file stopped; it is queued again."]
    elsewhere[0].refresh_from_db()
    assert elsewhere[0].status == Submission.Status.GRADING
