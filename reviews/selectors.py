"""Reads for review: comments and announcements. No Http404 here.

Grade overrides are the course rules' rows (courses.models.GradeOverride): their rows are
read by courses.selectors (override_for, override_history), their effect by the LabResult.
"""

from django.db.models import QuerySet

from reviews.models import AnnouncementDelivery, SubmissionComment


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
