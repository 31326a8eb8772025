"""Submissions coming in: an upload (with its limits), or a regrade request."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from config.guards import no_control_characters
from labs.models import NOTE_MAX_LENGTH, Lab, Submission
from labs.services import grading_queue
from labs.services.upload_rule import UploadRefusal, upload_refusal


class SubmissionRefused(Exception):
    """The upload is not accepted; the message is meant for the student.

    `refusal` is set when the upload rule (labs.services.upload_rule) refused it: the pages
    would not have offered the form either.
    """

    def __init__(self, message: str, *, refusal: UploadRefusal | None = None):
        super().__init__(message)
        self.refusal = refusal


class SubmissionThrottled(SubmissionRefused):
    """Too many uploads in a short time; the view answers 429."""


@dataclass(frozen=True)
class UploadedPredictions:
    name: str
    content: bytes


def submission_create(
    *, lab: Lab, student, cohort, upload: UploadedPredictions, now=None, note: str = ""
) -> Submission:
    """Store the file as a queued submission and publish its grading after commit.

    `now` is the moment of the upload (the demo seed replays past uploads at their own time).
    `note` is the student's own note on the attempt (the form and the API check it too).
    """
    now = now or timezone.now()
    note = _checked_note(note)
    if not upload.content.strip():
        if lab.takes_code:
            raise SubmissionRefused("The file is empty. Upload your .py file or notebook.")
        raise SubmissionRefused("The file is empty. Upload a CSV with the header id,prediction.")
    if lab.takes_code and not upload.name.lower().endswith((".py", ".ipynb")):
        raise SubmissionRefused("This lab grades code: upload a .py file or a .ipynb notebook.")
    with transaction.atomic():
        # Serialise one student's uploads so that the daily limit holds under double clicks.
        get_user_model().objects.select_for_update().filter(pk=student.pk).exists()
        # The rule the pages follow to offer the form: open, before the student's cutoff,
        # within the daily limit.
        if refusal := upload_refusal(lab=lab, student=student, cohort=cohort, now=now):
            raise SubmissionRefused(str(refusal), refusal=refusal)
        # Every stored upload counts here, rejected ones too: they cost a grading run.
        per_minute = settings.LABS_UPLOADS_PER_MINUTE
        recent = Submission.objects.filter(
            student=student, created_at__gte=now - timedelta(minutes=1), created_at__lte=now
        ).count()
        if recent >= per_minute:
            raise SubmissionThrottled(
                f"You uploaded {recent} files in the last minute, the most we accept. "
                "Wait a minute, then upload again."
            )
        if lab.takes_code:
            _check_code_runs_waiting(student=student)
        submission = Submission(
            lab=lab,
            student=student,
            cohort=cohort,
            note=note,
            original_name=upload.name[:255],
            size_bytes=len(upload.content),
            created_at=now,
            queued_at=now,
        )
        stored_name = "predictions.csv"
        if lab.takes_code:
            stored_name = (
                "solution.ipynb" if upload.name.lower().endswith(".ipynb") else "solution.py"
            )
        submission.file.save(stored_name, ContentFile(upload.content), save=False)
        submission.save()
        grading_queue.enqueue_upload_on_commit(submission)
    return submission


def _check_code_runs_waiting(*, student) -> None:
    """A student's code runs go one (LABS_CODE_RUNS_PER_STUDENT) at a time: more would hold
    the code workers from classmates."""
    waiting = list(
        Submission.objects.filter(
            student=student,
            lab__submission_kind=Lab.SubmissionKind.CODE,
            status__in=Submission.PENDING,
        ).values_list("created_at", flat=True)[: settings.LABS_CODE_RUNS_PER_STUDENT]
    )
    if len(waiting) >= settings.LABS_CODE_RUNS_PER_STUDENT:
        sent = timezone.localtime(min(waiting))
        raise SubmissionThrottled(
            f"Your code sent at {sent:%H:%M} is still waiting for its run or running. "
            "Upload again once its result is in: each student's code runs one at a time."
        )


def submission_regrade(*, submission: Submission) -> bool:
    """Queue a graded, rejected or failed submission again (staff or instructor request).
    One without a file (its student deleted their account) keeps the grade it has."""
    updated = (
        Submission.objects.filter(pk=submission.pk)
        .exclude(status__in=Submission.PENDING)
        .exclude(file="")
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
        grading_queue.enqueue_grading_on_commit(submission.pk, takes_code=submission.lab.takes_code)
    return bool(updated)


def lab_regrade_all(*, lab: Lab) -> int:
    count = 0
    regradable = Submission.objects.filter(lab=lab).exclude(status__in=Submission.PENDING)
    for submission in regradable.exclude(file=""):
        count += submission_regrade(submission=submission)
    return count


def _checked_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise SubmissionRefused(
            f"The note has {len(note)} characters; keep it to {NOTE_MAX_LENGTH}. "
            "The file was not stored."
        )
    try:
        no_control_characters(note)
    except ValidationError as error:
        raise SubmissionRefused(error.messages[0]) from None
    return note
