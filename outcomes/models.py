"""Career outcomes: in-field roles, each student's intent, graduates' job-search records with
evidence, and the published half-year reports (frozen snapshots).

The report is computed from these rows (outcomes.selectors, outcomes.rules), never from
typed-in totals; a published report copies its figures in, so later edits change the next
report, not the published one.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from enrolment.money import code_display


class InFieldRole(models.Model):
    """A job title that counts as "in field" for a program (ML engineer, data scientist...)."""

    program = models.ForeignKey(
        "enrolment.Program", on_delete=models.CASCADE, related_name="in_field_roles"
    )
    title = models.CharField(max_length=80)

    class Meta:
        ordering = ["program", "title"]
        constraints = [
            models.UniqueConstraint(fields=["program", "title"], name="in_field_role_unique"),
        ]

    def __str__(self):
        return self.title


class IntentSurvey(models.Model):
    """What a student intends after the course, answered on or before the cohort's first day."""

    enrolment = models.OneToOneField(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="intent"
    )
    seeks_in_field_job = models.BooleanField(
        "I intend to take a job in the field within 180 days of graduating"
    )
    authorised_to_work = models.BooleanField("I am authorised to work where I study")
    employed_upskilling = models.BooleanField(
        "I am already employed and take the course to upskill"
    )
    answered_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Intent of {self.enrolment.user}"

    @property
    def is_job_seeking(self) -> bool:
        return self.seeks_in_field_job and not self.employed_upskilling


INTENT_FIELDS = ("seeks_in_field_job", "authorised_to_work", "employed_upskilling")


class IntentChange(models.Model):
    """A change made to a locked intent survey by staff: who, when, why, from what to what."""

    survey = models.ForeignKey(IntentSurvey, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300)
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="intent_change_has_reason"),
        ]

    def __str__(self):
        return f"{self.survey} changed by {self.changed_by} at {self.changed_at:%Y-%m-%d}"


def evidence_upload_to(instance, filename):
    # The graduate's file name is kept in `evidence_name`, never in the storage path.
    return f"outcomes/evidence/{uuid.uuid4().hex}"


class JobRecord(models.Model):
    """One step of a graduate's job search, recorded by them or by career staff for them."""

    class Status(models.TextChoices):
        SEARCHING = "searching", "Searching"
        INTERVIEWING = "interviewing", "Interviewing"
        OFFER = "offer", "Offer received (not accepted yet)"
        HIRED = "hired", "Hired (offer accepted)"
        NOT_SEEKING = "not_seeking", "Not seeking a job"

    class Kind(models.TextChoices):
        FULL_TIME = "full_time", "Full-time employee"
        PART_TIME = "part_time", "Part-time employee"
        CONTRACT = "contract", "Contract or freelance"
        SCHOOL = "school", "Hired by the school"

    class Evidence(models.TextChoices):
        NONE = "none", "No evidence"
        UNVERIFIED = "unverified", "Not verified yet"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"

    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="job_records"
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    employer = models.CharField(max_length=120, blank=True)
    role_title = models.CharField(max_length=120, blank=True)
    in_field_role = models.ForeignKey(
        InFieldRole,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: the job is out of field.",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True)
    start_date = models.DateField(null=True, blank=True)
    # Yearly base salary (no bonus, no equity) in minor units of `salary_currency` (its own:
    # cents for USD, yen for JPY, fils for KWD; enrolment.money.minor_exponent).
    base_salary_minor = models.PositiveBigIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True)
    evidence = models.FileField(upload_to=evidence_upload_to, max_length=255, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_state = models.CharField(
        max_length=16, choices=Evidence.choices, default=Evidence.NONE
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verify_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["enrolment", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(base_salary_minor=None, salary_currency="")
                | (Q(base_salary_minor__isnull=False) & Q(salary_currency__regex=r"^[A-Z]{3}$")),
                name="job_record_salary_has_currency",
            ),
            models.CheckConstraint(
                condition=~Q(status="hired") | (Q(start_date__isnull=False) & ~Q(kind="")),
                name="job_record_hired_has_start_and_kind",
            ),
            # Evidence has a state; a verdict outlives its file (an account's deletion).
            models.CheckConstraint(
                condition=Q(evidence="") | ~Q(evidence_state="none"),
                name="job_record_evidence_state",
            ),
        ]

    def __str__(self):
        what = self.role_title or self.get_status_display()
        return f"{what} at {self.employer}" if self.employer else what

    @property
    def is_in_field(self) -> bool:
        return self.in_field_role_id is not None

    @property
    def salary_display(self) -> str:
        if self.base_salary_minor is None:
            return ""
        return code_display(self.base_salary_minor, self.salary_currency)


class JobRecordReminder(models.Model):
    """A reminder sent to a graduate who had not reported, N days after graduating (once)."""

    enrolment = models.ForeignKey("enrolment.Enrolment", on_delete=models.CASCADE, related_name="+")
    day = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="job_reminder_once"),
        ]

    def __str__(self):
        return f"Day {self.day} reminder to {self.enrolment}"


class PublishedReport(models.Model):
    """A program's half-year outcomes report as published: a frozen, versioned snapshot."""

    program = models.ForeignKey(
        "enrolment.Program", on_delete=models.PROTECT, related_name="outcome_reports"
    )
    year = models.PositiveSmallIntegerField()
    half = models.PositiveSmallIntegerField(choices=[(1, "January-June"), (2, "July-December")])
    version = models.PositiveSmallIntegerField()
    as_of = models.DateField(help_text="The day the figures were computed on.")
    figures = models.JSONField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "-half", "program", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year", "half", "version"], name="published_report_version"
            ),
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="published_report_half"),
        ]

    def __str__(self):
        return f"{self.program.name} {self.period_label} (version {self.version})"

    @property
    def period_label(self) -> str:
        return f"{self.year} H{self.half}"
