"""Course rules: late policies, final-submission choices, extensions, grade overrides,
completion, certificates.

Every decision a person makes about a student (an extension, a grade override, a
completion override, a certificate revocation) is a row with who, when and why.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class LatePolicy(models.Model):
    """Grace period, penalty per day late and hard cutoff: a program's default (no lab) or
    one lab's rule in that program."""

    program = models.ForeignKey(
        "enrolment.Program", on_delete=models.CASCADE, related_name="late_policies"
    )
    lab = models.ForeignKey(
        "labs.Lab",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="late_policies",
        help_text="Empty: the program's default for every lab.",
    )
    grace_hours = models.PositiveSmallIntegerField(
        default=2, help_text="Hours after the due date during which work counts in full."
    )
    penalty_per_day = models.FloatField(
        default=0.1, help_text="Share of the score taken off per day late (0.1 = 10%)."
    )
    cutoff_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days after the due date after which uploads are refused."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "late policies"
        ordering = ["program", "lab"]
        constraints = [
            models.UniqueConstraint(
                fields=["program"], condition=Q(lab__isnull=True), name="late_policy_one_default"
            ),
            models.UniqueConstraint(fields=["program", "lab"], name="late_policy_one_per_lab"),
            models.CheckConstraint(
                condition=Q(penalty_per_day__gte=0) & Q(penalty_per_day__lte=1),
                name="late_policy_penalty_range",
            ),
        ]

    def __str__(self):
        where = self.lab or "every lab"
        return f"{self.program.name}, {where}: {self.describe()}"

    def describe(self) -> str:
        return (
            f"{self.grace_hours} h grace, {round(self.penalty_per_day * 100)}% off per day late, "
            f"no uploads {self.cutoff_days} days after the due date"
        )


class CompletionRule(models.Model):
    """What a student of a program must reach to complete it."""

    program = models.OneToOneField(
        "enrolment.Program", on_delete=models.CASCADE, related_name="completion_rule"
    )
    min_share_passed = models.FloatField(
        default=1.0,
        help_text="Share of the published labs whose final result must pass (1 = all).",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(min_share_passed__gt=0) & Q(min_share_passed__lte=1),
                name="completion_share_range",
            ),
        ]

    def __str__(self):
        return f"{self.program.name}: {round(self.min_share_passed * 100)}% of labs passed"


class FinalChoice(models.Model):
    """The graded submission a student marked as final for a lab (Kaggle's "select")."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    lab = models.ForeignKey("labs.Lab", on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        "labs.Submission", on_delete=models.CASCADE, related_name="final_choices"
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "cohort", "lab"], name="final_choice_one_per_lab"
            ),
        ]

    def __str__(self):
        return f"{self.student} chose #{self.submission_id} for {self.lab}"


class Extension(models.Model):
    """A new due date for one student: one lab (a date), or every lab of the cohort (days).

    The newest grant in force for a lab wins; every grant stays as the record of who, when
    and why. One granted in error is revoked (who, when, why), never deleted: from then on it
    counts for nothing and the student's dates are what they would have been without it.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extensions"
    )
    cohort = models.ForeignKey(
        "enrolment.Cohort", on_delete=models.CASCADE, related_name="extensions"
    )
    lab = models.ForeignKey(
        "labs.Lab",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: every lab of the cohort moves by the extra days.",
    )
    due_on = models.DateField(null=True, blank=True, help_text="The new due date (one lab).")
    extra_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days added to every due date (all labs)."
    )
    reason = models.CharField(max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now, db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.CharField(
        max_length=300, blank=True, help_text="Why it is revoked: kept with the record."
    )

    class Meta:
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["cohort", "student"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at=None) | ~Q(revoke_reason=""),
                name="extension_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=(Q(lab__isnull=False) & Q(due_on__isnull=False) & Q(extra_days=None))
                | (Q(lab__isnull=True) & Q(due_on=None) & Q(extra_days__gt=0)),
                name="extension_one_lab_date_or_all_labs_days",
            ),
        ]

    def __str__(self):
        if self.lab_id:
            return f"{self.student}: {self.lab} due {self.due_on:%Y-%m-%d}"
        return f"{self.student}: every lab +{self.extra_days} days"

    @property
    def is_in_force(self) -> bool:
        return self.revoked_at is None


OVERRIDE_REASON_MAX_LENGTH = 2000


class GradeOverride(models.Model):
    """An instructor's or staff member's decision on one student's lab in one cohort.

    The newest row without revoked_at is in force (a constraint allows one); setting a new
    one revokes the old, undoing revokes it. The course rules' LabResult carries the one in
    force (courses.rules), so every page, export and completion reads it the same way.
    previous_* is what the student's lab showed just before (its LabResult), so the history
    reads old -> new. A regrade changes submissions, never this.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grade_overrides"
    )
    lab = models.ForeignKey("labs.Lab", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    # The submission it was set from, for the link back; the override is per lab.
    submission = models.ForeignKey(
        "labs.Submission", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    passed = models.BooleanField()
    # None keeps the student's own best score.
    score = models.FloatField(null=True, blank=True)
    reason = models.TextField(max_length=OVERRIDE_REASON_MAX_LENGTH)
    previous_passed = models.BooleanField(null=True, blank=True)
    previous_score = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "lab", "cohort"],
                condition=Q(revoked_at__isnull=True),
                name="grade_override_one_in_force",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="grade_override_has_reason"),
        ]
        indexes = [models.Index(fields=["cohort", "revoked_at"])]

    def __str__(self):
        outcome = "pass" if self.passed else "fail"
        return f"{self.lab} for {self.student}: {outcome} (override)"

    @property
    def is_in_force(self) -> bool:
        return self.revoked_at is None


class CompletionDecision(models.Model):
    """Completion decided for one enrolment: by the beat job (no person) or by staff."""

    class Kind(models.TextChoices):
        AUTOMATIC = "automatic", "Automatic (completion rule met)"
        OVERRIDE = "override", "Staff override"

    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="completion_decisions"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    completed = models.BooleanField()
    labs_passed = models.PositiveSmallIntegerField(default=0)
    labs_total = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            # The beat job decides each enrolment once; running it twice adds nothing.
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(kind="automatic"),
                name="completion_automatic_once",
            ),
            models.CheckConstraint(
                condition=Q(kind="automatic") | ~Q(reason=""), name="completion_override_has_reason"
            ),
        ]

    def __str__(self):
        verdict = "completed" if self.completed else "not completed"
        return f"{self.enrolment}: {verdict} ({self.get_kind_display()})"


def new_certificate_token() -> str:
    return secrets.token_urlsafe(24)


class Certificate(models.Model):
    """Proof of completion at a public, unguessable address; what it certifies is copied in,
    so the page says the same thing whatever changes later. Staff can revoke it."""

    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.PROTECT, related_name="certificates"
    )
    token = models.CharField(max_length=64, unique=True, default=new_certificate_token)
    student_name = models.CharField(max_length=300)
    program_name = models.CharField(max_length=80)
    cohort_name = models.CharField(max_length=80)
    start_date = models.DateField()
    end_date = models.DateField()
    labs_passed = models.PositiveSmallIntegerField()
    labs_total = models.PositiveSmallIntegerField()
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(revoked_at=None), name="certificate_one_valid"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at=None) | ~Q(revoke_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]

    def __str__(self):
        return f"Certificate for {self.holder}, {self.cohort_name}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def holder(self) -> str:
        """The name on it; none once its holder deleted their account (privacy/)."""
        return self.student_name or "a deleted account"
