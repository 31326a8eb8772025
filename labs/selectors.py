"""Reads for the lab pages: references, and what a student has done (no access rules:
those are in labs/access.py)."""

import datetime

from django.db.models import Max, QuerySet
from django.utils import timezone

from enrolment.models import Cohort
from labs.models import Lab, ReferenceModel, Submission


def ready_references(lab) -> QuerySet[ReferenceModel]:
    """A lab's trained references, the current one first (lab may be an OuterRef)."""
    return ReferenceModel.objects.filter(lab=lab, status=ReferenceModel.Status.READY).order_by(
        "-trained_at", "-pk"
    )


def current_reference(*, lab: Lab) -> ReferenceModel | None:
    return ready_references(lab).first()


def start_of_today(now: datetime.datetime | None = None) -> datetime.datetime:
    """Midnight of today in the site's time zone: where a daily limit starts counting."""
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def submissions_charged_today(*, lab: Lab, student, now: datetime.datetime | None = None) -> int:
    return Submission.objects.filter(
        lab=lab,
        student=student,
        created_at__gte=start_of_today(now),
        created_at__lte=now or timezone.now(),
        status__in=Submission.CHARGED,
    ).count()


def student_submissions(*, lab: Lab, student) -> QuerySet[Submission]:
    return Submission.objects.filter(lab=lab, student=student).order_by("-created_at", "-pk")


def student_submissions_in_cohort(*, cohort: Cohort, student) -> list[Submission]:
    """A student's submissions in one cohort, newest first, with their labs (one query)."""
    return list(
        Submission.objects.filter(cohort=cohort, student=student)
        .select_related("lab")
        .order_by("-created_at", "-pk")
    )


def latest_submission_ids(*, cohort: Cohort, lab: Lab) -> dict[int, int]:
    """student id -> the id of their newest submission for this lab in this cohort."""
    rows = (
        Submission.objects.filter(cohort=cohort, lab=lab)
        .order_by()
        .values("student_id")
        .annotate(latest=Max("pk"))
        .values_list("student_id", "latest")
    )
    return dict(rows)
