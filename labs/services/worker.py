"""What a worker does with a submission: claim it, grade it once, store the result."""

import functools
import logging
import os
import socket
import time

from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from labs import grading
from labs.models import Submission
from labs.selectors import ready_references
from labs.services import code_labs, grading_queue
from labs.services.answer_keys import answer_key_for

logger = logging.getLogger("lodestar.grading")

MAX_GRADING_ATTEMPTS = 3


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
    stale_since = now - grading_queue.STALE_GRADING_AFTER
    if rows.filter(
        Q(status=Submission.Status.QUEUED)
        | Q(status=Submission.Status.GRADING, started_at__lt=stale_since)
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
            outcome = code_labs.code_run(submission=submission, code=content)
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
