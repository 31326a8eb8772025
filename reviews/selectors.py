"""Reads for review: the override rows themselves (for their page and history), comments,
announcements. No Http404 here.

What an override does to a student's grade is not read here: the course rules' LabResult
(courses.selectors) carries the override in force, and every page reads that.
"""

from django.db.models import Count, QuerySet

from courses.models import GradeOverride
from outbox.models import OutgoingEmail
from outbox.selectors import email_states, emails_counted
from reviews.models import ANNOUNCEMENT_EMAIL, Announcement, AnnouncementDelivery, SubmissionComment


def override_for(*, student, lab, cohort=None) -> GradeOverride | None:
    """The override in force for this student's lab (in this cohort, if given)."""
    overrides = GradeOverride.objects.filter(student=student, lab=lab, revoked_at__isnull=True)
    if cohort is not None:
        overrides = overrides.filter(cohort=cohort)
    return overrides.select_related("created_by").first()


def overrides_in_force(*, cohort=None, student=None) -> dict[tuple[int, int], GradeOverride]:
    """(student id, lab id) -> the override in force, for a cohort or a student, with its lab
    (one query): the list of decisions on a student's page."""
    overrides = GradeOverride.objects.filter(revoked_at__isnull=True)
    if cohort is not None:
        overrides = overrides.filter(cohort=cohort)
    if student is not None:
        overrides = overrides.filter(student=student)
    return {
        (o.student_id, o.lab_id): o
        for o in overrides.select_related("created_by", "lab").order_by("created_at", "pk")
    }


def override_history(*, student, lab, cohort) -> QuerySet[GradeOverride]:
    """Every override of this student's lab, newest first, with who set and revoked it."""
    return GradeOverride.objects.filter(student=student, lab=lab, cohort=cohort).select_related(
        "created_by", "revoked_by"
    )


def comments_on(*, submission) -> QuerySet[SubmissionComment]:
    return submission.comments.select_related("author").order_by("created_at", "pk")


def unread_comments_for_student(*, student) -> QuerySet[SubmissionComment]:
    """Reviewers' comments on this student's submissions that they have not opened yet."""
    return (
        SubmissionComment.objects.filter(
            submission__student=student, by_reviewer=True, read_at__isnull=True
        )
        .select_related("author", "submission__lab")
        .order_by("-created_at", "-pk")
    )


def unread_comments_for_reviewer(*, cohorts) -> QuerySet[SubmissionComment]:
    """Students' comments in these cohorts that no reviewer has opened yet."""
    return (
        SubmissionComment.objects.filter(
            submission__cohort__in=cohorts, by_reviewer=False, read_at__isnull=True
        )
        .select_related("author", "submission__lab")
        .order_by("-created_at", "-pk")
    )


def announcements_for_student(*, student, cohort, limit: int = 5) -> list:
    """The newest announcements this student received in this cohort."""
    deliveries = (
        AnnouncementDelivery.objects.filter(student=student, announcement__cohort=cohort)
        .select_related("announcement__author")
        .order_by("-announcement__created_at", "-pk")[:limit]
    )
    return [delivery.announcement for delivery in deliveries]


def announcements_sent(*, cohort) -> QuerySet:
    """A cohort's announcements, newest first, with how many students each reached and how
    many of their emails went out or are still waiting (the outbox's rows)."""
    State = OutgoingEmail.State
    return (
        Announcement.objects.filter(cohort=cohort)
        .select_related("author", "lab")
        .annotate(
            recipients=Count("deliveries"),
            emailed=emails_counted(kind=ANNOUNCEMENT_EMAIL, states=[State.SENT]),
            waiting=emails_counted(kind=ANNOUNCEMENT_EMAIL, states=[State.PENDING, State.SENDING]),
        )
    )


def delivery_emails(deliveries) -> dict[int, OutgoingEmail]:
    """Delivery id -> its email in the outbox (what became of it), in one query."""
    deliveries = list(deliveries)
    emails = email_states(
        kind=ANNOUNCEMENT_EMAIL,
        object_ids={d.announcement_id for d in deliveries},
        users={d.student_id for d in deliveries},
    )
    found = {d.pk: emails.get((d.announcement_id, d.student_id)) for d in deliveries}
    return {pk: email for pk, email in found.items() if email is not None}
