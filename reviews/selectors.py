"""Reads for review: comments and announcements. No Http404 here.

Grade overrides are the course rules' rows (courses.models.GradeOverride): their rows are
read by courses.selectors (override_for, override_history), their effect by the LabResult.
"""

from django.db.models import Count, QuerySet

from outbox.models import OutgoingEmail
from outbox.selectors import email_states, emails_counted
from reviews.models import ANNOUNCEMENT_EMAIL, Announcement, AnnouncementDelivery, SubmissionComment


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
