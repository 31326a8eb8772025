"""Writes for labs: datasets, reference training, submissions and their grading."""

import functools
import logging
import os
import socket
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from labs import grading
from labs.models import Dataset, Lab, ReferenceModel, Submission
from labs.selectors import current_reference, ready_references, submissions_charged_today

logger = logging.getLogger("lodestar.grading")

# A grading attempt that has not finished after this long lost its worker.
STALE_GRADING_AFTER = timedelta(seconds=settings.LABS_STALE_GRADING_AFTER_S)
# A queued submission nobody picked up after this long is published again.
STALE_QUEUED_AFTER = timedelta(seconds=settings.LABS_STALE_QUEUED_AFTER_S)
MAX_GRADING_ATTEMPTS = 3


class SubmissionRefused(Exception):
    """The upload is not accepted; the message is meant for the student."""


class SubmissionThrottled(SubmissionRefused):
    """Too many uploads in a short time; the view answers 429."""


# ----------------------------------------------------------------- answer keys

_answer_keys: dict[tuple, grading.AnswerKey] = {}


def answer_key_for(dataset: Dataset) -> grading.AnswerKey:
    """The hidden labels, parsed once per worker process and dataset version."""
    cache_key = (dataset.pk, dataset.version, dataset.test_labels_file.name)
    key = _answer_keys.get(cache_key)
    if key is None:
        with dataset.test_labels_file.open("rb") as handle:
            key = grading.AnswerKey.from_csv(
                handle.read(), id_column="id", target_column="target", task=dataset.task
            )
        _answer_keys[cache_key] = key
    return key


# ----------------------------------------------------------------- datasets


def _store_dataset_files(dataset: Dataset, *, train: bytes, test_features: bytes, labels: bytes):
    dataset.train_file.save("train.csv", ContentFile(train), save=False)
    dataset.test_features_file.save("test_features.csv", ContentFile(test_features), save=False)
    dataset.test_labels_file.save("test_labels.csv", ContentFile(labels), save=False)


@transaction.atomic
def dataset_create_builtin(*, slug: str, splits=None) -> Dataset:
    """Store a catalog dataset's three files (built here unless the caller already did)."""
    from labs.catalog import build_dataset

    splits = splits or build_dataset(slug)
    key = grading.AnswerKey.from_csv(
        splits.test_labels_csv_bytes(), id_column="id", target_column="target"
    )
    dataset = Dataset.objects.filter(slug=slug).first() or Dataset(slug=slug)
    if dataset.pk:
        dataset.version += 1
    dataset.title = splits.title
    dataset.description = splits.description
    dataset.task = splits.task
    dataset.metric = splits.metric
    dataset.classes = list(splits.classes or [])
    dataset.feature_columns = list(splits.feature_columns)
    dataset.builtin = slug
    dataset.train_rows = len(splits.train)
    dataset.test_rows = len(splits.test_features)
    _store_dataset_files(
        dataset,
        train=splits.train_csv_bytes(),
        test_features=splits.test_features_csv_bytes(),
        labels=key.to_csv_bytes(),
    )
    dataset.full_clean()
    dataset.save()
    return dataset


@transaction.atomic
def dataset_replace_files(
    *, dataset: Dataset, train: bytes, test_features: bytes, labels: bytes
) -> Dataset:
    """Store new files for an uploaded dataset and retrain the references of its labs."""
    if dataset.pk:
        dataset.version = F("version") + 1
    _store_dataset_files(dataset, train=train, test_features=test_features, labels=labels)
    dataset.save()
    dataset.refresh_from_db()
    for lab in dataset.labs.all():
        reference_request(lab=lab)
    return dataset


def curriculum_install() -> list[Lab]:
    """Create the built-in datasets and labs that are missing, and train their references."""
    from labs.catalog import build_dataset
    from labs.curriculum import CURRICULUM

    labs = []
    for spec in CURRICULUM:
        with transaction.atomic():
            lab = Lab.objects.filter(slug=spec.slug).first()
            if lab is None:
                # Built once here, for both the dataset's files and the reference's name.
                splits = build_dataset(spec.dataset)
                dataset = Dataset.objects.filter(
                    slug=spec.dataset
                ).first() or dataset_create_builtin(slug=spec.dataset, splits=splits)
                lab = Lab.objects.create(
                    slug=spec.slug,
                    title=spec.title,
                    week=spec.week,
                    dataset=dataset,
                    summary=spec.summary,
                    instructions=spec.instructions,
                    daily_limit=spec.daily_limit,
                    submission_kind=spec.submission_kind,
                    reference_name=splits.reference,
                )
            if (
                reference_needs_training(lab=lab)
                and not lab.references.filter(
                    status__in=[ReferenceModel.Status.PENDING, ReferenceModel.Status.TRAINING]
                ).exists()
            ):
                reference_request(lab=lab)
        labs.append(lab)
    return labs


# ----------------------------------------------------------------- references


def reference_request(*, lab: Lab) -> ReferenceModel:
    """Queue a training run of the lab's reference pipeline (after commit)."""
    from labs.tasks import train_reference

    reference = ReferenceModel.objects.create(
        lab=lab, pipeline=lab.reference_name, dataset_version=lab.dataset.version
    )
    transaction.on_commit(lambda: _publish(train_reference, reference.pk))
    return reference


def reference_needs_training(*, lab: Lab) -> bool:
    current = current_reference(lab=lab)
    return current is None or (
        current.pipeline != lab.reference_name or current.dataset_version != lab.dataset.version
    )


def reference_train(*, reference_id: int) -> ReferenceModel | None:
    """Fit the reference pipeline on the training split and score it like a submission."""
    from labs.grading.references import (
        REFERENCE_VERSION,
        fit_reference,
        predict_for_submission,
        read_csv_bytes,
    )

    claimed = ReferenceModel.objects.filter(
        pk=reference_id, status=ReferenceModel.Status.PENDING
    ).update(status=ReferenceModel.Status.TRAINING)
    if not claimed:
        return None
    reference = ReferenceModel.objects.select_related("lab__dataset").get(pk=reference_id)
    dataset = reference.lab.dataset
    started = time.perf_counter()
    try:
        with dataset.train_file.open("rb") as handle:
            train = read_csv_bytes(handle.read(), task=dataset.task)
        with dataset.test_features_file.open("rb") as handle:
            test = read_csv_bytes(handle.read(), target_column=None, task=dataset.task)
        model = fit_reference(reference.pipeline, train, dataset.feature_columns, task=dataset.task)
        predictions = predict_for_submission(
            model, test, metric=dataset.metric, classes=dataset.classes or None
        )
        result = grading.grade(
            predictions,
            answer_key=answer_key_for(dataset),
            metric=dataset.metric,
            classes=dataset.classes or None,
            reference_public=None,
        )
    except Exception as exc:
        logger.exception("reference training failed", extra={"reference": reference_id})
        reference.status = ReferenceModel.Status.FAILED
        reference.error = f"{type(exc).__name__}: {exc}"[:2000]
        reference.save(update_fields=["status", "error"])
        return reference
    reference.duration_ms = int((time.perf_counter() - started) * 1000)
    reference.public_score = result.public_score
    reference.private_score = result.private_score
    reference.version = REFERENCE_VERSION
    reference.predictions_file.save("predictions.csv", ContentFile(predictions), save=False)
    reference.status = ReferenceModel.Status.READY
    reference.trained_at = timezone.now()
    reference.save()
    logger.info(
        "reference trained lab=%s pipeline=%s public=%.4f duration_ms=%d",
        reference.lab.slug,
        reference.pipeline,
        result.public_score,
        reference.duration_ms,
    )
    return reference


# ----------------------------------------------------------------- submissions


@dataclass(frozen=True)
class UploadedPredictions:
    name: str
    content: bytes


def submission_create(*, lab: Lab, student, cohort, upload: UploadedPredictions) -> Submission:
    """Store the file as a queued submission and publish its grading after commit."""
    if not upload.content.strip():
        if lab.takes_code:
            raise SubmissionRefused("The file is empty. Upload your .py file or notebook.")
        raise SubmissionRefused("The file is empty. Upload a CSV with the header id,prediction.")
    if lab.takes_code and not upload.name.lower().endswith((".py", ".ipynb")):
        raise SubmissionRefused("This lab grades code: upload a .py file or a .ipynb notebook.")
    from courses.services import late_upload_refusal

    if refusal := late_upload_refusal(lab=lab, student=student, cohort=cohort):
        raise SubmissionRefused(refusal)  # past the lab's hard cutoff for this student
    with transaction.atomic():
        # Serialise one student's uploads so that the daily limit holds under double clicks.
        get_user_model().objects.select_for_update().filter(pk=student.pk).exists()
        used = submissions_charged_today(lab=lab, student=student)
        if used >= lab.daily_limit:
            raise SubmissionRefused(
                f"You have used all {lab.daily_limit} submissions for this lab today. "
                "Rejected files do not count; try again tomorrow."
            )
        # Every stored upload counts here, rejected ones too: they cost a grading run.
        per_minute = settings.LABS_UPLOADS_PER_MINUTE
        recent = Submission.objects.filter(
            student=student, created_at__gte=timezone.now() - timedelta(minutes=1)
        ).count()
        if recent >= per_minute:
            raise SubmissionThrottled(
                f"You uploaded {recent} files in the last minute, the most we accept. "
                "Wait a minute, then upload again."
            )
        submission = Submission(
            lab=lab,
            student=student,
            cohort=cohort,
            original_name=upload.name[:255],
            size_bytes=len(upload.content),
        )
        stored_name = "predictions.csv"
        if lab.takes_code:
            stored_name = (
                "solution.ipynb" if upload.name.lower().endswith(".ipynb") else "solution.py"
            )
        submission.file.save(stored_name, ContentFile(upload.content), save=False)
        submission.save()
        transaction.on_commit(lambda: enqueue_grading(submission.pk))
    return submission


def _publish(task, *args) -> bool:
    """Publish a task; if the broker is down, the row stays queued and the sweeper retries."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception:
        logger.warning("broker unavailable; %s%s left for the sweeper", task.name, args)
        return False
    return True


def enqueue_grading(submission_id: int) -> bool:
    from labs.tasks import grade_submission

    return _publish(grade_submission, submission_id)


@functools.cache
def _this_host() -> str:
    """This machine and pid namespace: process ids can be checked only within one.

    Two containers may share a host name (host networking) yet not their processes;
    the namespace (from /proc; empty elsewhere) tells them apart. Neither changes for the
    life of a process (a forked pool child shares both), so it is read once.
    """
    try:
        namespace = os.readlink("/proc/self/ns/pid").removeprefix("pid:")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()}/{namespace}"


def claimant() -> str:
    """This worker process, as stored in Submission.claimed_by: "host/namespace:pid"."""
    return f"{_this_host()}:{os.getpid()}"[:120]


def _claimant_is_gone(claimed_by: str) -> bool:
    """True if the claim was made by a process on this host that no longer exists.

    A pool child killed mid-grade leaves its row in "grading"; Celery hands the message
    to another child on the same host right away, and this lets that child take over
    instead of waiting for the row to go stale. Claims from other hosts wait for the
    sweeper, since their processes cannot be checked from here.
    """
    host, _, pid = claimed_by.rpartition(":")
    if host != _this_host() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by someone else
        return False
    return False


def _claim(submission_id: int) -> bool:
    """Take the right to grade: a queued row, a stale one, or one whose grader died here."""
    now = timezone.now()
    claim = {
        "status": Submission.Status.GRADING,
        "started_at": now,
        "attempts": F("attempts") + 1,
        "claimed_by": claimant(),
    }
    rows = Submission.objects.filter(pk=submission_id)
    if rows.filter(
        Q(status=Submission.Status.QUEUED)
        | Q(status=Submission.Status.GRADING, started_at__lt=now - STALE_GRADING_AFTER)
    ).update(**claim):
        return True
    previous = (
        rows.filter(status=Submission.Status.GRADING).values_list("claimed_by", flat=True).first()
    )
    if previous and _claimant_is_gone(previous):
        logger.info(
            "submission=%s: its grader %s is gone; grading it again", submission_id, previous
        )
        # Conditional on the same dead claimant: of two takers, one wins.
        return bool(
            rows.filter(status=Submission.Status.GRADING, claimed_by=previous).update(**claim)
        )
    return False


def submission_grade(*, submission_id: int) -> Submission | None:
    """Grade one submission exactly once; a second delivery finds nothing to claim."""
    if not _claim(submission_id):
        return None
    if settings.LABS_GRADING_TEST_DELAY_S:  # fault tests only: a window to kill the worker
        time.sleep(settings.LABS_GRADING_TEST_DELAY_S)
    # The submission, its lab and dataset, and the lab's current reference in one query.
    reference = ready_references(OuterRef("lab"))
    submission = (
        Submission.objects.select_related("lab__dataset")
        .annotate(
            current_reference_id=Subquery(reference.values("pk")[:1]),
            current_reference_public=Subquery(reference.values("public_score")[:1]),
        )
        .get(pk=submission_id)
    )
    lab = submission.lab
    started = time.perf_counter()
    if submission.attempts > MAX_GRADING_ATTEMPTS:
        return _finish(
            submission,
            status=Submission.Status.ERROR,
            problems=[
                "We could not grade this file after several tries. It does not count "
                "against your daily limit; the team has been told."
            ],
            started=started,
        )
    reference_public = submission.current_reference_public
    code_feedback = {}
    try:
        with submission.file.open("rb") as handle:
            content = handle.read()
        if lab.takes_code:
            outcome = code_run(submission=submission, code=content)
            code_feedback = {"sandbox": outcome.summary()}
            if not outcome.is_ok:
                return _finish_code_failure(submission, outcome, started=started)
            content = outcome.predictions_csv
        result = grading.grade(
            content,
            answer_key=answer_key_for(lab.dataset),
            metric=lab.dataset.metric,
            classes=lab.dataset.classes or None,
            reference_public=reference_public,
            pass_ratio=lab.pass_ratio,
        )
    except grading.SubmissionInvalid as invalid:
        problems = invalid.problems
        if lab.takes_code:
            problems = ["The predictions your predict(model, X) returned do not fit:", *problems]
        return _finish(
            submission,
            status=Submission.Status.REJECTED,
            problems=problems,
            feedback=code_feedback,
            started=started,
        )
    return _finish(
        submission,
        status=Submission.Status.GRADED,
        started=started,
        passed=result.passed,
        public_score=result.public_score,
        private_score=result.private_score,
        reference_id=submission.current_reference_id,
        reference_public_score=reference_public,
        feedback={**result.feedback, **code_feedback},
    )


def code_limits():
    """The sandbox limits for code labs (settings may lower or raise the defaults)."""
    from labs import sandbox

    seconds = getattr(settings, "LABS_SANDBOX_TIMEOUT_S", 30)
    return sandbox.SandboxLimits(
        wall_seconds=seconds,
        cpu_seconds=int(seconds),
        memory_bytes=getattr(settings, "LABS_SANDBOX_MEMORY_MB", 1024) * 1024 * 1024,
    )


def code_contract(*, lab: Lab) -> dict:
    """What the lab page tells students about a code lab: prediction kind, libraries, limits."""
    from labs.sandbox.contract import installed_libraries

    return {
        "prediction_kind": grading.get_metric(lab.dataset.metric).kind,
        "classes": lab.dataset.classes,
        "feature_count": len(lab.dataset.feature_columns),
        "libraries": installed_libraries(),
        "limits": code_limits(),
    }


def code_run(*, submission: Submission, code: bytes):
    """Run a code submission in the sandbox on its lab's two public files."""
    from labs import sandbox

    dataset = submission.lab.dataset
    with dataset.train_file.open("rb") as handle:
        train = handle.read()
    with dataset.test_features_file.open("rb") as handle:
        test = handle.read()
    limits = code_limits()
    outcome = sandbox.run_code(
        submission.code_kind or "python",
        code,
        train,
        test,
        limits=limits,
        task=dataset.task,
        prediction_kind=grading.get_metric(dataset.metric).kind,
        feature_columns=list(dataset.feature_columns) or None,
    )
    if outcome.status == sandbox.PLATFORM_ERROR:
        logger.error("code sandbox unavailable: %s", outcome.message)
    return outcome


def _finish_code_failure(submission: Submission, outcome, *, started: float) -> Submission:
    from labs import sandbox

    if outcome.status == sandbox.PLATFORM_ERROR:
        # The operator's reason stays in the feedback; the student is not charged.
        return _finish(
            submission,
            status=Submission.Status.ERROR,
            problems=[
                "Code cannot be run on the grading servers right now. This attempt does not "
                "count against your daily limit; the team has been told."
            ],
            feedback={"sandbox": {"status": outcome.status, "operator_message": outcome.message}},
            started=started,
        )
    return _finish(
        submission,
        status=Submission.Status.REJECTED,
        problems=[outcome.message],
        feedback={"sandbox": outcome.summary()},
        started=started,
    )


def _finish(submission: Submission, *, status: str, started: float, **fields) -> Submission:
    fields.setdefault("problems", [])
    fields["finished_at"] = timezone.now()
    # Only the holder of the claim stores: a grader that lost it (stale, taken over) does not.
    updated = Submission.objects.filter(
        pk=submission.pk, status=Submission.Status.GRADING, claimed_by=claimant()
    ).update(status=status, **fields)
    if updated:
        # What was just stored, without reading the row back.
        submission.status = status
        for name, value in fields.items():
            setattr(submission, name, value)
    else:
        submission.refresh_from_db()
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    # The same facts as fields, for the JSON log format (LOG_FORMAT=json).
    facts = {
        "submission": submission.pk,
        "lab": submission.lab.slug,
        "student": submission.student_id,
        "outcome": status,
        "passed": fields.get("passed"),
        "duration_ms": duration_ms,
        "attempt": submission.attempts,
        "stored": bool(updated),
    }
    logger.info(
        "graded submission=%s lab=%s student=%s outcome=%s passed=%s duration_ms=%.1f stored=%s",
        *(facts[name] for name in ("submission", "lab", "student", "outcome", "passed")),
        duration_ms,
        facts["stored"],
        extra=facts,
    )
    return submission


def submission_mark_error(*, submission_id: int, reason: str) -> None:
    """An internal failure: release the claim so the sweeper or a retry grades it again."""
    Submission.objects.filter(
        pk=submission_id, status=Submission.Status.GRADING, claimed_by=claimant()
    ).update(status=Submission.Status.QUEUED, problems=[reason[:500]])


def submission_regrade(*, submission: Submission) -> bool:
    """Queue a graded, rejected or failed submission again (staff or instructor request)."""
    updated = (
        Submission.objects.filter(pk=submission.pk)
        .exclude(status__in=Submission.PENDING)
        .update(
            status=Submission.Status.QUEUED,
            queued_at=timezone.now(),
            attempts=0,
            started_at=None,
            finished_at=None,
            passed=None,
            public_score=None,
            private_score=None,
            feedback={},
            problems=[],
        )
    )
    if updated:
        transaction.on_commit(lambda: enqueue_grading(submission.pk))
    return bool(updated)


def lab_regrade_all(*, lab: Lab) -> int:
    count = 0
    for submission in Submission.objects.filter(lab=lab).exclude(status__in=Submission.PENDING):
        count += submission_regrade(submission=submission)
    return count


def sweep_stuck_submissions(*, now=None) -> int:
    """Publish again what the broker lost: old queued rows and grading rows gone silent."""
    now = now or timezone.now()
    stale_grading = Submission.objects.filter(
        status=Submission.Status.GRADING, started_at__lt=now - STALE_GRADING_AFTER
    )
    stale_grading.update(status=Submission.Status.QUEUED, queued_at=now - STALE_QUEUED_AFTER)
    stuck = list(
        Submission.objects.filter(
            status=Submission.Status.QUEUED, queued_at__lte=now - STALE_QUEUED_AFTER
        ).values_list("pk", flat=True)[:500]
    )
    for pk in stuck:
        if enqueue_grading(pk):
            Submission.objects.filter(pk=pk, status=Submission.Status.QUEUED).update(queued_at=now)
    if stuck:
        logger.info("sweeper re-enqueued %d submissions", len(stuck))
    return len(stuck)
