"""What a worker does with submissions: claim a batch, grade each once, store them together."""

import functools
import logging
import time
from dataclasses import dataclass, field

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from labs import grading
from labs.grading.storable import storable
from labs.models import Submission
from labs.selectors import ready_references
from labs.services import claims, code_labs, grading_queue
from labs.services.answer_keys import answer_key_for

logger = logging.getLogger("lodestar.grading")

MAX_GRADING_ATTEMPTS = 3

# Callers and tests name the claimant through this module, where the grading happens.
claimant = claims.claimant

# What a grade writes; every row of the batch gets all of them, in one round trip.
STORED_FIELDS = [
    "status",
    "passed",
    "public_score",
    "private_score",
    "reference",
    "reference_public_score",
    "feedback",
    "problems",
    "finished_at",
]


@dataclass
class _Outcome:
    status: str
    duration_ms: float
    fields: dict = field(default_factory=dict)


def submission_grade(*, submission_id: int, batch_size: int | None = None) -> Submission | None:
    """Grade a submission exactly once, with a batch of other queued ones.

    `batch_size` defaults to LABS_GRADING_BATCH_SIZE; 1 grades this submission alone.

    Returns this submission as stored, or None when it was not ours to grade (a second
    delivery, or another worker holds it). Each file of the batch gets its own verdict:
    a file that breaks the grader is queued again alone, and the others are stored.
    """
    is_own, claimed = claims.claim_batch(submission_id=submission_id, size=batch_size)
    if not is_own:
        return None
    return _grade_claimed(claimed, own_id=submission_id).get(submission_id)


def queued_grade(*, batch_size: int | None = None) -> list[int]:
    """A wake-up: claim the oldest queued prediction files and grade them; their ids.

    A full batch may leave more waiting, so the graders are woken again before this one
    grades: another process takes the next batch meanwhile.
    """
    size = settings.LABS_GRADING_BATCH_SIZE if batch_size is None else batch_size
    grading_queue.clear_wake_up()
    claimed = claims.claim_queued(size=size)
    if len(claimed) >= size:
        grading_queue.wake_graders()
    if claimed:
        _grade_claimed(claimed, own_id=None)
    return claimed


def _grade_claimed(claimed: list[int], *, own_id: int | None) -> dict[int, Submission]:
    """Grade claimed rows once each and store them together: id -> row as stored.

    A file that breaks the grader is queued again alone and the others are stored; if it
    is `own_id` (the task's own submission) the error is raised after storing, for the
    task to retry.
    """
    if settings.LABS_GRADING_TEST_DELAY_S:  # fault tests only: a window to kill the worker
        time.sleep(settings.LABS_GRADING_TEST_DELAY_S)
    try:
        batch = _load(claimed)
    except BaseException:
        _release_others(claimed, own_id, reason="The batch could not be loaded.")
        raise
    outcomes: dict[int, _Outcome] = {}
    broken: dict[int, BaseException] = {}
    for submission in batch:
        started = time.perf_counter()
        try:
            outcome = _grade_one(submission)
        except SoftTimeLimitExceeded as exc:
            # Out of time: store what is done, queue the rest again.
            broken[submission.pk] = exc
            break
        except Exception as exc:
            broken[submission.pk] = exc
            if submission.pk != own_id:
                logger.exception("submission=%s: grading failed; queued again", submission.pk)
            continue
        outcome.duration_ms = round((time.perf_counter() - started) * 1000, 1)
        outcomes[submission.pk] = outcome
    try:
        stored = _store(batch, outcomes)
    except BaseException:
        _release_others(claimed, own_id, reason="The batch could not be stored.")
        raise
    _release_others(
        [pk for pk in claimed if pk not in outcomes],
        own_id,
        reason="Grading this file failed; it is queued again.",
    )
    if own_id in broken:
        raise broken[own_id]  # the task puts it back in the queue and retries
    return stored


def _release_others(claimed: list[int], submission_id: int | None, *, reason: str) -> None:
    """Queue the batch's other unfinished rows again; the task retries its own itself."""
    others = [pk for pk in claimed if pk != submission_id]
    if not others:
        return
    try:
        claims.release(submission_ids=others, reason=reason)
    except Exception:
        # The database is away too: the rows go stale and the sweeper queues them again.
        logger.warning("could not release submissions %s; the sweeper will", others)


def _load(claimed: list[int]) -> list[Submission]:
    """The claimed rows with their labs, datasets and current references, in one query."""
    reference = ready_references(OuterRef("lab"))
    rows = (
        Submission.objects.select_related("lab__dataset")
        .annotate(
            current_reference_id=Subquery(reference.values("pk")[:1]),
            current_reference_public=Subquery(reference.values("public_score")[:1]),
        )
        .in_bulk(claimed)
    )
    return [rows[pk] for pk in claimed if pk in rows]


def _grade_one(submission: Submission) -> _Outcome:
    """The verdict on one claimed file (graded, rejected or error), not yet stored."""
    lab = submission.lab
    if submission.attempts > MAX_GRADING_ATTEMPTS:
        return _Outcome(
            Submission.Status.ERROR,
            0.0,
            {
                "problems": [
                    "We could not grade this file after several tries. It does not count "
                    "against your daily limit; the team has been told."
                ]
            },
        )
    if not submission.file:  # deleted with its student's account while it waited
        return _Outcome(
            Submission.Status.ERROR,
            0.0,
            {"problems": ["Not graded: the student deleted their account first."]},
        )
    reference_public = submission.current_reference_public
    code_feedback = {}
    try:
        with submission.file.open("rb") as handle:
            content = handle.read()
        if lab.takes_code:
            outcome = code_labs.code_run(submission=submission, code=content)
            code_feedback = {"sandbox": outcome.summary()}
            if not outcome.is_ok:
                return _code_failure(outcome)
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
        return _Outcome(
            Submission.Status.REJECTED, 0.0, {"problems": problems, "feedback": code_feedback}
        )
    return _Outcome(
        Submission.Status.GRADED,
        0.0,
        {
            "passed": result.passed,
            "public_score": result.public_score,
            "private_score": result.private_score,
            "reference_id": submission.current_reference_id,
            "reference_public_score": reference_public,
            "feedback": {**result.feedback, **code_feedback},
        },
    )


def _code_failure(outcome) -> _Outcome:
    from labs import sandbox

    if outcome.status == sandbox.PLATFORM_ERROR:
        # The operator's reason stays in the feedback; the student is not charged.
        return _Outcome(
            Submission.Status.ERROR,
            0.0,
            {
                "problems": [
                    "Code cannot be run on the grading servers right now. This attempt does "
                    "not count against your daily limit; the team has been told."
                ],
                "feedback": {
                    "sandbox": {"status": outcome.status, "operator_message": outcome.message}
                },
            },
        )
    return _Outcome(
        Submission.Status.REJECTED,
        0.0,
        {"problems": [outcome.message], "feedback": {"sandbox": outcome.summary()}},
    )


def _store(batch: list[Submission], outcomes: dict[int, _Outcome]) -> dict[int, Submission]:
    """Store the verdicts in one UPDATE; only rows whose claim this process still holds."""
    finished_at = timezone.now()
    done = [submission for submission in batch if submission.pk in outcomes]
    if not done:
        return {}
    for submission in done:
        outcome = outcomes[submission.pk]
        submission.status = outcome.status
        submission.problems = []
        submission.finished_at = finished_at
        for name, value in outcome.fields.items():
            # What the student's file or code produced may hold NUL or lone surrogates.
            setattr(submission, name, storable(value))
    holder = claimant()
    try:
        updated = _update_claimed_rows(done, holder)
    except DatabaseError:
        logger.error(
            "storing the outcome failed for submission=%s",
            ",".join(str(submission.pk) for submission in done),
            exc_info=True,
            extra={"submissions": [submission.pk for submission in done]},
        )
        raise
    if updated == len(done):
        stored_ids = {submission.pk for submission in done}
    else:
        stored_ids = set(
            Submission.objects.filter(
                pk__in=[submission.pk for submission in done],
                claimed_by=holder,
                finished_at=finished_at,
            ).values_list("pk", flat=True)
        )
    stored = {}
    for submission in done:
        is_stored = submission.pk in stored_ids
        if not is_stored:
            submission.refresh_from_db()
        _log_outcome(submission, outcomes[submission.pk], is_stored=is_stored)
        stored[submission.pk] = submission
    return stored


def _update_claimed_rows(done: list[Submission], holder: str) -> int:
    """Speed trick: the verdicts as raw UPDATEs, one statement per row sent together
    (psycopg's pipeline) and committed once; Django's bulk_update cost more CPU than the
    grading (docs/benchmarks.md, "Speed tricks and what they bought"). Conditional on the
    claim: a grader that lost one (stale, taken over) stores nothing for that row.
    Returns the number of rows updated."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(_store_sql(), [_store_params(s, holder) for s in done])
        return cursor.rowcount


@functools.cache
def _store_sql() -> str:
    """UPDATE of one row's verdict, held by a claimant; Django's bulk_update builds a CASE
    expression per field and row, which cost more CPU than grading the files."""
    meta = Submission._meta
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in STORED_FIELDS)
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    condition = f"{pk} = %s AND {quote('status')} = %s AND {quote('claimed_by')} = %s"
    # Names come from the model, values go as parameters.
    return f"UPDATE {table} SET {assignments} WHERE {condition}"  # noqa: S608


def _store_params(submission: Submission, holder: str) -> list:
    values = [
        field.get_db_prep_save(getattr(submission, field.attname), connection)
        for field in (Submission._meta.get_field(name) for name in STORED_FIELDS)
    ]
    return [*values, submission.pk, Submission.Status.GRADING, holder]


def _log_outcome(submission: Submission, outcome: _Outcome, *, is_stored: bool) -> None:
    # The same facts as fields, for the JSON log format (LOG_FORMAT=json).
    facts = {
        "submission": submission.pk,
        "lab": submission.lab.slug,
        "student": submission.student_id,
        "outcome": outcome.status,
        "passed": outcome.fields.get("passed"),
        "duration_ms": outcome.duration_ms,
        "attempt": submission.attempts,
        "stored": is_stored,
    }
    logger.info(
        "graded submission=%s lab=%s student=%s outcome=%s passed=%s duration_ms=%.1f stored=%s",
        *(facts[name] for name in ("submission", "lab", "student", "outcome", "passed")),
        outcome.duration_ms,
        is_stored,
        extra=facts,
    )


def submission_mark_error(*, submission_id: int, reason: str) -> None:
    """An internal failure: release the claim so the sweeper or a retry grades it again."""
    Submission.objects.filter(
        pk=submission_id, status=Submission.Status.GRADING, claimed_by=claimant()
    ).update(status=Submission.Status.QUEUED, problems=[reason[:500]])
