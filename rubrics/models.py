"""Rubrics and manual grading: a lab's rubric, each student's marks, line comments, the
release of a lab's grades to a cohort, and regrade requests with their decisions.

What a released rubric grade does to a student's lab result is the course rules' arithmetic
(courses.rubric_rules, read into courses.rules.LabResult); these are only the rows.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

BODY_MAX_LENGTH = 5000
_SHARE = [MinValueValidator(0), MaxValueValidator(1)]


class Rubric(models.Model):
    """A lab's rubric: its items, the weight of the rubric in the lab's result, and whether
    instructors grade it blind."""

    lab = models.OneToOneField("labs.Lab", on_delete=models.CASCADE, related_name="rubric")
    weight = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=0,
        validators=_SHARE,
        help_text="Share of the lab result the rubric gives once released (0 to 1): the "
        "result is (1 - weight) x the automatic share + weight x the rubric share. 1: the "
        "rubric alone (a lab with no automatic score); 0: feedback only.",
    )
    pass_share = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=0.5,
        validators=_SHARE,
        help_text="Share of the rubric's points a student needs; blended with the lab's own "
        "pass ratio by the weight.",
    )
    is_blind = models.BooleanField(
        default=False,
        help_text="Graders see a pseudonym instead of each student's name until the grades "
        "of the lab are released to the student's cohort.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=1), name="rubric_weight_share"
            ),
            models.CheckConstraint(
                condition=Q(pass_share__gte=0) & Q(pass_share__lte=1),
                name="rubric_pass_share_share",
            ),
        ]

    def __str__(self):
        return f"rubric of {self.lab}"


class RubricItem(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=BODY_MAX_LENGTH, blank=True)
    points = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rubric", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=1), name="rubric_item_has_points"),
        ]

    def __str__(self):
        return f"{self.title} ({self.points} pts)"


class RubricGrade(models.Model):
    """One student's rubric grade for a lab in a cohort, given on one of their submissions.

    One per (student, lab, cohort): grading another submission of theirs moves it there. An
    item without a mark counts 0 points."""

    submission = models.ForeignKey(
        "labs.Submission", on_delete=models.CASCADE, related_name="rubric_grades"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    lab = models.ForeignKey("labs.Lab", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    graded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "lab", "student"], name="rubric_grade_once_per_lab"
            ),
        ]

    def __str__(self):
        return f"rubric grade of {self.student} for {self.lab}"


class RubricMark(models.Model):
    grade = models.ForeignKey(RubricGrade, on_delete=models.CASCADE, related_name="marks")
    item = models.ForeignKey(RubricItem, on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(max_digits=6, decimal_places=2)
    comment = models.TextField(max_length=BODY_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["item__position", "item__pk"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "item"], name="rubric_mark_once_per_item"),
            models.CheckConstraint(condition=Q(points__gte=0), name="rubric_mark_not_negative"),
        ]

    def __str__(self):
        return f"{self.points} for {self.item_id}"


class LineComment(models.Model):
    """A grader's note anchored to a line of a Python file (line, from 1) or to a cell of a
    notebook (cell, from 0), of this submission's own file."""

    submission = models.ForeignKey(
        "labs.Submission", on_delete=models.CASCADE, related_name="line_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    line = models.PositiveIntegerField(null=True, blank=True)
    cell = models.PositiveIntegerField(null=True, blank=True)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cell", "line", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(line__isnull=False) & Q(cell__isnull=True))
                | (Q(line__isnull=True) & Q(cell__isnull=False)),
                name="line_comment_one_anchor",
            ),
        ]

    def __str__(self):
        where = f"line {self.line}" if self.line is not None else f"cell {self.cell}"
        return f"comment on {where} of submission {self.submission_id}"


class GradeRelease(models.Model):
    """The lab's rubric grades and line comments are released to this cohort's students."""

    lab = models.ForeignKey("labs.Lab", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    released_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lab", "cohort"], name="grade_release_once"),
        ]

    def __str__(self):
        return f"{self.lab} released to {self.cohort}"


class RegradeRequest(models.Model):
    """A student asks about one rubric item of their released grade; answered once."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    grade = models.ForeignKey(RubricGrade, on_delete=models.CASCADE, related_name="regrades")
    item = models.ForeignKey(RubricItem, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=BODY_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grade", "item"],
                condition=Q(status="open"),
                name="regrade_one_open_per_item",
            ),
        ]

    def __str__(self):
        return f"regrade request on {self.item_id} ({self.status})"


class RegradeDecision(models.Model):
    """An instructor's answer to a regrade request, kept with the points before and after."""

    request = models.OneToOneField(
        RegradeRequest, on_delete=models.CASCADE, related_name="decision"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    accepted = models.BooleanField()
    points_before = models.DecimalField(max_digits=6, decimal_places=2)
    points_after = models.DecimalField(max_digits=6, decimal_places=2)
    reason = models.TextField(max_length=BODY_MAX_LENGTH)

    def __str__(self):
        return f"{'accepted' if self.accepted else 'declined'}: {self.request_id}"
