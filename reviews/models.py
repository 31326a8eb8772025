"""What people say to students about their work: comments and announcements.

Grade overrides are a decision of the course rules: courses.models.GradeOverride.
Each row records who, when and why; none is edited in place. Emails about them leave
through the outbox (outbox.models.OutgoingEmail), at most once each.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

COMMENT_MAX_LENGTH = 5000

# The outbox's names for review emails (reviews/services; ReviewsConfig.ready registers
# their senders): a comment's, about the comment from its author, and an announcement's,
# about the announcement to one student.
COMMENT_EMAIL = "comment"
ANNOUNCEMENT_EMAIL = "announcement"


class SubmissionComment(models.Model):
    """One message on a submission, by its student or by one of its reviewers."""

    submission = models.ForeignKey(
        "labs.Submission", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Written by an instructor or staff (the student reads it), or by the student.
    by_reviewer = models.BooleanField()
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    # When the other side first opened the submission after it was written.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["submission", "created_at"]),
        ]

    def __str__(self):
        return f"comment by {self.author} on submission {self.submission_id}"


class Announcement(models.Model):
    """A message from an instructor or staff to (part of) a cohort; one delivery per student."""

    class Audience(models.TextChoices):
        ALL = "all", "Every student in the cohort"
        AT_RISK = "at_risk", "Students at risk"
        NOT_PASSED = "not_passed", "Students who have not passed a lab"

    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.ALL)
    # The lab of a NOT_PASSED audience.
    lab = models.ForeignKey(
        "labs.Lab", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="not_passed") | Q(lab__isnull=False),
                name="announcement_not_passed_names_a_lab",
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.cohort})"


class AnnouncementDelivery(models.Model):
    """One student's copy of an announcement, shown on their dashboard.

    Its email is the outbox's row of kind "announcement" for this announcement and student
    (reviews.services.announcements), which says whether it went out.
    """

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["announcement", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "student"], name="announcement_delivery_once"
            ),
        ]
        indexes = [
            models.Index(fields=["student", "announcement"]),
        ]

    def __str__(self):
        return f"{self.announcement.subject} to {self.student}"
