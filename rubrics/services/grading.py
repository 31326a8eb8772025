"""Grading by rubric: marks item by item, comments anchored to a line or a cell, and the
release of a lab's grades to a cohort."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from rubrics.models import GradeRelease, LineComment, Rubric, RubricGrade, RubricMark


class RubricRefused(ValueError):
    """A grading action that cannot be done; the message says why, for the person."""


def rubric_grade_set(*, submission, grader, marks: dict[int, tuple[Decimal | None, str]]):
    """Give the student of `submission` these marks: item id -> (points or None, comment).

    None leaves the item without a mark (it counts 0 points). The grade is the student's
    one for the lab in the cohort: grading another of their submissions moves it here."""
    if submission.cohort_id is None:
        raise RubricRefused("This submission belongs to no cohort, so it has no lab grade.")
    rubric = Rubric.objects.filter(lab_id=submission.lab_id).prefetch_related("items").first()
    if rubric is None:
        raise RubricRefused("This lab has no rubric.")
    items = {item.pk: item for item in rubric.items.all()}
    for item_id, (points, _comment) in marks.items():
        item = items.get(item_id)
        if item is None:
            raise RubricRefused("One of the marks is for an item of another rubric.")
        if points is not None and not (points.is_finite() and 0 <= points <= item.points):
            raise RubricRefused(f"“{item.title}” takes 0 to {item.points} points.")
    with transaction.atomic():
        grade, _ = RubricGrade.objects.select_for_update().update_or_create(
            cohort_id=submission.cohort_id,
            lab_id=submission.lab_id,
            student_id=submission.student_id,
            defaults={"submission": submission, "graded_by": grader, "graded_at": timezone.now()},
        )
        for item_id, (points, comment) in marks.items():
            if points is None:
                RubricMark.objects.filter(grade=grade, item_id=item_id).delete()
                continue
            RubricMark.objects.update_or_create(
                grade=grade, item_id=item_id, defaults={"points": points, "comment": comment}
            )
    return grade


def line_comment_add(
    *, submission, author, body: str, line: int | None, cell: int | None, lines: int, cells: int
) -> LineComment:
    """A comment on line `line` (from 1) of a Python file of `lines` lines, or on cell `cell`
    (from 0) of a notebook of `cells` shown cells."""
    if (line is None) == (cell is None):
        raise RubricRefused("Choose a line of the code or a cell of the notebook.")
    if line is not None and not 1 <= line <= lines:
        raise RubricRefused(f"The file has lines 1 to {lines}; there is no line {line}.")
    if cell is not None and not 0 <= cell < cells:
        raise RubricRefused(f"The notebook has cells 1 to {cells}; there is no cell {cell + 1}.")
    body = body.strip()
    if not body:
        raise RubricRefused("Write the comment first.")
    return LineComment.objects.create(
        submission=submission, author=author, body=body, line=line, cell=cell
    )


def blind_set(*, lab, cohort, blind: bool) -> Rubric:
    """Turn blind grading of the lab on or off, asked from one cohort's grading queue.

    The setting is the lab's (Rubric.is_blind); it is refused once the lab's grades are
    released to that cohort, whose graders and students see names from then on. Saved with
    save(), so the audit trail (security.audit: rubrics.Rubric) records who and when."""
    rubric = Rubric.objects.filter(lab=lab).first()
    if rubric is None:
        raise RubricRefused("This lab has no rubric, so there is nothing to grade blind.")
    if GradeRelease.objects.filter(lab=lab, cohort=cohort).exists():
        raise RubricRefused(
            f"The grades of {lab.title} are released to {cohort.name}: names show from then "
            "on, so blind grading can no longer be turned on or off here."
        )
    if rubric.is_blind != blind:
        rubric.is_blind = blind
        rubric.save(update_fields=["is_blind"])
    return rubric


def grades_release(*, lab, cohort, actor) -> tuple[GradeRelease, bool]:
    """Release the lab's rubric grades and line comments to the cohort's students (once;
    from then on names show to graders too and released grades count in results).

    A lab without a rubric is released too: graders may comment on lines and cells of any
    lab's files, and the release is how those comments reach the students."""
    return GradeRelease.objects.get_or_create(
        lab=lab, cohort=cohort, defaults={"released_by": actor}
    )
