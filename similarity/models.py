"""Similarity checks of a code lab's final submissions, and the pairs they found alike."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SimilarityRun(models.Model):
    """One comparison of a cohort's final code submissions for a lab (with earlier cohorts')."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Comparing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    lab = models.ForeignKey("labs.Lab", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    # Who asked for it; empty when beat started it after the lab's cutoff.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    threshold = models.FloatField()
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    compared = models.PositiveIntegerField(default=0, help_text="Final submissions of the cohort.")
    compared_earlier = models.PositiveIntegerField(
        default=0, help_text="Final submissions of earlier cohorts."
    )
    skipped = models.PositiveIntegerField(
        default=0, help_text="Files not compared (too large, unreadable)."
    )
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lab", "cohort", "-created_at"])]

    def __str__(self):
        return f"Similarity of {self.lab} in {self.cohort} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class SimilarityPair(models.Model):
    """Two final submissions found alike: A of the run's cohort, B of it or an earlier one."""

    run = models.ForeignKey(SimilarityRun, on_delete=models.CASCADE, related_name="pairs")
    submission_a = models.ForeignKey("labs.Submission", on_delete=models.CASCADE, related_name="+")
    submission_b = models.ForeignKey("labs.Submission", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    similarity_a = models.FloatField()
    similarity_b = models.FloatField()
    overlap = models.PositiveIntegerField()
    # [start, end) character ranges of each side's compared text (notebooks: code cells).
    passages_a = models.JSONField(default=list)
    passages_b = models.JSONField(default=list)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "submission_a", "submission_b"], name="similarity_pair_once"
            )
        ]

    def __str__(self):
        return f"#{self.submission_a_id} and #{self.submission_b_id}: {self.score:.0%}"
