"""Grade overrides: an instructor or staff decides a student's pass/fail (and score) for a lab.

One override is in force per student, lab and cohort (a partial unique constraint);
setting a new one revokes the old in the same transaction, undoing revokes it. Each
row keeps who, when, why, and the grade it replaced: the student's LabResult just before
(courses.rules), which every page reads too. Regrades never touch them. The rows are a
course rules decision (courses.models.GradeOverride); these are the reviewers' writes.
"""

import math

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses import selectors as course_selectors
from courses.models import GradeOverride


class OverrideRefused(Exception):
    """The override is not stored; the message is meant for the reviewer."""


def grade_override_set(
    *, student, lab, cohort, actor, passed: bool, score: float | None, reason: str, submission=None
) -> GradeOverride:
    """Put an override in force for this student's lab, replacing any current one."""
    reason = (reason or "").replace("\r\n", "\n").strip()
    if not reason:
        raise OverrideRefused("Give a reason: the student sees it beside the grade.")
    if score is not None and not math.isfinite(score):
        raise OverrideRefused("The score must be a number.")
    with transaction.atomic():
        # One decision at a time per student: two reviewers saving at once queue up here.
        get_user_model().objects.select_for_update().filter(pk=student.pk).exists()
        current = (
            GradeOverride.objects.filter(
                student=student, lab=lab, cohort=cohort, revoked_at__isnull=True
            )
            .select_for_update()
            .first()
        )
        # What the student's lab shows now, by the one rule (a replaced override's grade
        # included): the history then reads old -> new.
        before = course_selectors.lab_result_for(student=student, cohort=cohort, lab=lab)
        now = timezone.now()
        if current is not None:
            GradeOverride.objects.filter(pk=current.pk).update(revoked_at=now, revoked_by=actor)
        override = GradeOverride(
            student=student,
            lab=lab,
            cohort=cohort,
            submission=submission,
            passed=passed,
            score=score,
            reason=reason,
            previous_passed=before.has_passed,
            previous_score=before.score,
            created_by=actor,
            created_at=now,
        )
        override.full_clean()
        override.save()
    return override


def grade_override_undo(*, override: GradeOverride, actor) -> bool:
    """Revoke an override in force: the student's own grade applies again."""
    return bool(
        GradeOverride.objects.filter(pk=override.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor
        )
    )
