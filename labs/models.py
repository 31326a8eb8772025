"""Labs, their datasets and reference models, and the submissions students make."""

import datetime
import math
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from labs.grading import get_metric

# The curriculum is written for the 12-week calendar; longer programs stretch it.
CURRICULUM_WEEKS = 12


def curriculum_week_opens(week: int, program_weeks: int) -> int:
    """The program week in which curriculum week `week` opens (a longer program stretches
    the twelve evenly): the one mapping of labs, the syllabus and their dates."""
    return math.floor((week - 1) * program_weeks / CURRICULUM_WEEKS) + 1


def curriculum_week_opens_on(week: int, cohort) -> datetime.date:
    """The day curriculum week `week` opens in `cohort` (the first day of its program week)."""
    return cohort.start_date + datetime.timedelta(
        weeks=curriculum_week_opens(week, cohort.program.weeks) - 1
    )


def curriculum_week_at(program_week: int, program_weeks: int) -> int:
    """The curriculum week that program week `program_week` (1-based) belongs to: the last
    one opened by then."""
    return max(
        week
        for week in range(1, CURRICULUM_WEEKS + 1)
        if curriculum_week_opens(week, program_weeks) <= max(program_week, 1)
    )


def dataset_upload_to(instance, filename):
    return f"datasets/{instance.slug}/{uuid.uuid4().hex}-{filename}"


def submission_upload_to(instance, filename):
    # The student's file name is kept in `original_name`, never in the storage path.
    suffix = (
        ".ipynb" if filename.endswith(".ipynb") else ".py" if filename.endswith(".py") else ".csv"
    )
    return f"submissions/{instance.lab_id}/{uuid.uuid4().hex}{suffix}"


def reference_upload_to(instance, filename):
    return f"references/{instance.lab_id}/{uuid.uuid4().hex}-{filename}"


class Dataset(models.Model):
    """A training split to download, test features to predict, and labels never served."""

    class Task(models.TextChoices):
        CLASSIFICATION = "classification", "Classification"
        REGRESSION = "regression", "Regression"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    task = models.CharField(max_length=16, choices=Task.choices)
    metric = models.CharField(max_length=32)
    classes = models.JSONField(default=list, blank=True)
    feature_columns = models.JSONField(default=list)
    builtin = models.CharField(
        max_length=40, blank=True, help_text="The built-in generator this dataset came from."
    )
    train_file = models.FileField(upload_to=dataset_upload_to, max_length=255)
    test_features_file = models.FileField(upload_to=dataset_upload_to, max_length=255)
    # Labels with a public/private split column; no view ever serves this file.
    test_labels_file = models.FileField(upload_to=dataset_upload_to, max_length=255)
    train_rows = models.PositiveIntegerField(default=0)
    test_rows = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def metric_label(self) -> str:
        """The metric's name as pages show it (an unknown metric: its own name)."""
        try:
            return get_metric(self.metric).label
        except ValueError:
            return self.metric

    @property
    def higher_is_better(self) -> bool:
        """The metric's direction: the one every result, ranking and page reads (an unknown
        metric counts as higher is better)."""
        try:
            return get_metric(self.metric).higher_is_better
        except ValueError:
            return True


class Lab(models.Model):
    """An ML exercise in the curriculum."""

    class SubmissionKind(models.TextChoices):
        PREDICTIONS = "predictions", "Predictions CSV"
        CODE = "code", "Code (train and predict functions, run in a sandbox)"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=240)
    instructions = models.TextField()
    week = models.PositiveSmallIntegerField(help_text="Week of the 12-week curriculum (1-12).")
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="labs")
    reference_name = models.CharField(max_length=40)
    pass_ratio = models.FloatField(
        default=0.95, help_text="Share of the reference score a submission must reach."
    )
    daily_limit = models.PositiveSmallIntegerField(default=5)
    is_published = models.BooleanField(default=True)
    submission_kind = models.CharField(
        max_length=16,
        choices=SubmissionKind.choices,
        default=SubmissionKind.PREDICTIONS,
        help_text="What students upload: their predictions, or code the worker runs.",
    )

    class Meta:
        ordering = ["week", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(week__gte=1) & Q(week__lte=CURRICULUM_WEEKS), name="lab_week_in_range"
            ),
            models.CheckConstraint(
                condition=Q(pass_ratio__gt=0) & Q(pass_ratio__lte=1), name="lab_pass_ratio_range"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def takes_code(self) -> bool:
        return self.submission_kind == self.SubmissionKind.CODE

    def opens_week(self, program_weeks: int) -> int:
        return curriculum_week_opens(self.week, program_weeks)

    def due_week(self, program_weeks: int) -> int:
        # A lab is due at the end of the week after it opens, stretched for longer programs.
        return min(program_weeks, math.ceil((self.week + 1) * program_weeks / CURRICULUM_WEEKS))

    def opens_on(self, cohort) -> datetime.date:
        return curriculum_week_opens_on(self.week, cohort)

    def due_on(self, cohort) -> datetime.date:
        return cohort.start_date + datetime.timedelta(
            weeks=self.due_week(cohort.program.weeks), days=-1
        )


class ReferenceModel(models.Model):
    """One training run of a lab's reference pipeline; the newest ready one is current."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a worker"
        TRAINING = "training", "Training"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="references")
    pipeline = models.CharField(max_length=40)
    dataset_version = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    public_score = models.FloatField(null=True, blank=True)
    private_score = models.FloatField(null=True, blank=True)
    version = models.CharField(max_length=80, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    predictions_file = models.FileField(upload_to=reference_upload_to, blank=True, max_length=255)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    trained_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.pipeline} for {self.lab} ({self.get_status_display()})"


NOTE_MAX_LENGTH = 200


class Submission(models.Model):
    """One predictions file from one student for one lab, and its grade."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        GRADING = "grading", "Grading"
        GRADED = "graded", "Graded"
        REJECTED = "rejected", "Rejected"
        ERROR = "error", "Platform error"

    PENDING = (Status.QUEUED, Status.GRADING)
    # Rejected files and platform errors are not charged against the daily limit.
    CHARGED = (Status.QUEUED, Status.GRADING, Status.GRADED)

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="submissions")
    # No index of their own for student, cohort and status: the composite indexes below
    # lead with each. Every grade changes the status, so each index costs two inserts per
    # graded file (the claim and the verdict), in the worker's time.
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="submissions",
        db_index=False,
    )
    cohort = models.ForeignKey(
        "enrolment.Cohort",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    file = models.FileField(upload_to=submission_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    size_bytes = models.PositiveIntegerField()
    # The student's own words about this attempt ("scaled features, depth 8"), as on Kaggle.
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    passed = models.BooleanField(null=True, blank=True)
    public_score = models.FloatField(null=True, blank=True)
    private_score = models.FloatField(null=True, blank=True)
    reference = models.ForeignKey(
        ReferenceModel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference_public_score = models.FloatField(null=True, blank=True)
    feedback = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Defaults rather than auto_now_add: the services take the clock as a parameter (`now=`).
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When it was last published to the broker; the sweeper publishes old ones again.
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Which worker process holds the grading claim ("host:pid"); only it may store the result.
    claimed_by = models.CharField(max_length=120, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["student", "lab", "created_at"]),
            models.Index(fields=["status", "queued_at"]),
            # The gradebook aggregates a cohort's submissions per student and lab, and
            # looks up each student's latest submission.
            models.Index(fields=["cohort", "student", "lab"]),
            models.Index(fields=["cohort", "student", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="graded") | Q(public_score__isnull=False),
                name="submission_graded_has_score",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.lab} by {self.student} ({self.get_status_display()})"

    @staticmethod
    def directed_public_score(labs) -> models.Case:
        """A graded submission's public score, negated where its lab's metric is lower-is-better
        (other submissions: NULL). Max() of it over any submissions is their best public score
        for every lab at once; `undirected` turns it back. The one definition of "best public
        score": the course rules' counted rows and the gradebook's cells both read it."""
        lower = [lab.pk for lab in labs if not lab.dataset.higher_is_better]
        graded = Q(status=Submission.Status.GRADED)
        return models.Case(
            models.When(graded & Q(lab_id__in=lower), then=-models.F("public_score")),
            models.When(graded, then=models.F("public_score")),
        )

    @staticmethod
    def undirected(directed: float | None, *, higher_is_better: bool) -> float | None:
        """A score read through directed_public_score, back in its metric's own terms."""
        return directed if directed is None or higher_is_better else -directed

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def code_kind(self) -> str | None:
        """Either "python" or "notebook" for a code submission; None for predictions."""
        name = self.file.name or ""
        return "notebook" if name.endswith(".ipynb") else "python" if name.endswith(".py") else None

    @property
    def grading_ms(self) -> int | None:
        if self.finished_at and self.created_at:
            return int((self.finished_at - self.created_at).total_seconds() * 1000)
        return None


class WorkerHeartbeat(models.Model):
    """A row written by a Celery worker each time it runs the heartbeat task."""

    token = models.CharField(max_length=64, blank=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self):
        return f"heartbeat {self.token or '-'} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class DueReminder(models.Model):
    """An email telling a student that a lab they have not passed is due soon.

    One per student, lab, cohort and due date: the beat task runs every hour and the
    constraint makes a second run (or two at once) a no-op. Its email is the outbox's row
    of kind EMAIL_KIND about it, which says whether it went out (none goes to a student who
    passed in the meantime) and why not. A reminder that no longer applies when its email
    would leave (the student left or turned reminders off, the lab moved) is deleted.
    """

    # The outbox's name for its email (object: the reminder; user: the student).
    EMAIL_KIND = "due_reminder"

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "lab", "cohort", "due_on"], name="due_reminder_once"
            ),
        ]

    def __str__(self):
        return f"{self.lab} due {self.due_on:%Y-%m-%d} for {self.student}"
