"""Reads for the lab pages: who may see which lab, and what a student has done."""

import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from enrolment.models import Cohort, Enrolment
from labs.models import Lab, ReferenceModel, Submission

ACTIVE_STATUSES = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


def student_cohort(*, user) -> Cohort | None:
    """The cohort whose labs this user works on: their newest enrolled (or completed) one."""
    if not user.is_authenticated:
        return None
    enrolment = (
        Enrolment.objects.filter(user=user, status__in=ACTIVE_STATUSES)
        .select_related("cohort__program")
        .order_by("-cohort__start_date")
        .first()
    )
    return enrolment.cohort if enrolment else None


def is_lab_open(*, lab: Lab, cohort: Cohort | None, today: datetime.date | None = None) -> bool:
    if cohort is None:
        return False
    today = today or timezone.localdate()
    return lab.is_published and lab.opens_on(cohort) <= today


def can_review_labs(user) -> bool:
    """Staff and instructors may open every lab without being enrolled."""
    return user.is_authenticated and (user.is_staff or user.cohorts_taught.exists())


def get_lab_for_user(request, slug: str) -> tuple[Lab, Cohort | None]:
    """The lab and the student's cohort, or 404 if this user has no business seeing it."""
    lab = get_object_or_404(Lab.objects.select_related("dataset"), slug=slug, is_published=True)
    cohort = student_cohort(user=request.user)
    if cohort is None and not can_review_labs(request.user):
        raise Http404("You are not enrolled in a cohort.")
    return lab, cohort


def can_review_submission(user, submission: Submission) -> bool:
    """Staff, or an instructor of the cohort the submission was made in."""
    if user.is_staff:
        return True
    return bool(submission.cohort_id and submission.cohort.instructors.filter(pk=user.pk).exists())


def get_submission_for_user(request, pk: int) -> Submission:
    """A submission its owner (or staff, or an instructor of its cohort) may see, else 404."""
    submission = get_object_or_404(
        # cohort__program: the page shows the lab's due date, which depends on it.
        Submission.objects.select_related("lab", "student", "cohort__program"),
        pk=pk,
    )
    if submission.student_id == request.user.pk or can_review_submission(request.user, submission):
        return submission
    raise Http404("No such submission.")


def ready_references(lab) -> QuerySet[ReferenceModel]:
    """A lab's trained references, the current one first (lab may be an OuterRef)."""
    return ReferenceModel.objects.filter(lab=lab, status=ReferenceModel.Status.READY).order_by(
        "-trained_at", "-pk"
    )


def current_reference(*, lab: Lab) -> ReferenceModel | None:
    return ready_references(lab).first()


def start_of_today() -> datetime.datetime:
    """Midnight of today in the site's time zone: where a daily limit starts counting."""
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def submissions_charged_today(*, lab: Lab, student) -> int:
    return Submission.objects.filter(
        lab=lab, student=student, created_at__gte=start_of_today(), status__in=Submission.CHARGED
    ).count()


def student_submissions(*, lab: Lab, student) -> QuerySet[Submission]:
    return Submission.objects.filter(lab=lab, student=student).order_by("-created_at", "-pk")
