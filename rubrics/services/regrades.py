"""Regrade requests: a student asks about one rubric item of a released grade; a grader
accepts (with new points) or declines, with a reason. Every decision is a row."""

from decimal import Decimal

from django.db import IntegrityError, transaction

from rubrics.models import GradeRelease, RegradeDecision, RegradeRequest, RubricMark
from rubrics.services.grading import RubricRefused


def regrade_request_create(*, grade, item_id: int, student, reason: str) -> RegradeRequest:
    if grade.student_id != student.pk:
        raise RubricRefused("Only the student graded may ask for a regrade.")
    if not GradeRelease.objects.filter(lab_id=grade.lab_id, cohort_id=grade.cohort_id).exists():
        raise RubricRefused("This grade is not released yet.")
    item = grade.lab.rubric.items.filter(pk=item_id).first()
    if item is None:
        raise RubricRefused("Choose an item of this lab's rubric.")
    reason = reason.strip()
    if not reason:
        raise RubricRefused("Say why the item should be graded again.")
    try:
        with transaction.atomic():
            return RegradeRequest.objects.create(grade=grade, item=item, reason=reason)
    except IntegrityError:
        raise RubricRefused(
            f"You already asked about “{item.title}”; wait for the answer first."
        ) from None


def regrade_answer(
    *, request: RegradeRequest, actor, accept: bool, points: Decimal | None, reason: str
) -> RegradeDecision:
    """Accept with new points for the item, or decline; the points before and after stay."""
    reason = reason.strip()
    if not reason:
        raise RubricRefused("Give the student a reason.")
    item = request.item
    if accept and (points is None or not points.is_finite() or not 0 <= points <= item.points):
        raise RubricRefused(f"To accept, give “{item.title}” 0 to {item.points} points.")
    with transaction.atomic():
        locked = RegradeRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RegradeRequest.Status.OPEN:
            raise RubricRefused("This request was answered already.")
        mark = RubricMark.objects.filter(grade_id=locked.grade_id, item=item).first()
        before = mark.points if mark else Decimal(0)
        after = points if accept else before
        if accept:
            RubricMark.objects.update_or_create(
                grade_id=locked.grade_id,
                item=item,
                defaults={"points": after, "comment": mark.comment if mark else ""},
            )
        locked.status = RegradeRequest.Status.ACCEPTED if accept else RegradeRequest.Status.DECLINED
        locked.save(update_fields=["status"])
        decision = RegradeDecision.objects.create(
            request=locked,
            decided_by=actor,
            accepted=accept,
            points_before=before,
            points_after=after,
            reason=reason,
        )
    request.status = locked.status
    return decision
