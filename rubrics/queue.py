"""A lab's grading queue in one cohort: what the queue page shows (rubrics.views.queue)."""

from dataclasses import dataclass

from django.db.models import Sum

from enrolment.models import Enrolment
from labs.selectors import latest_submission_ids
from rubrics import selectors
from rubrics.models import RubricGrade


@dataclass
class QueueRow:
    label: str  # the student's name, or their pseudonym while the lab is graded blind
    submission_id: int | None  # their newest submission for the lab
    points: float | None  # their rubric points, None when not graded
    graded_on: int | None  # the submission the grade was given on
    student_id: int | None  # None while the lab is graded blind


def grading_queue(*, lab, cohort) -> dict:
    rubric = selectors.rubric_for(lab=lab)
    release = selectors.release_of(lab=lab, cohort=cohort)
    is_blind = bool(rubric and rubric.is_blind and release is None)
    latest = latest_submission_ids(cohort=cohort, lab=lab)
    grades = {
        student: (points, submission)
        for student, points, submission in RubricGrade.objects.filter(lab=lab, cohort=cohort)
        .annotate(points=Sum("marks__points"))
        .values_list("student_id", "points", "submission_id")
    }
    students = Enrolment.objects.filter(
        cohort=cohort, status__in=Enrolment.WITH_LAB_ACCESS
    ).select_related("user")
    rows = []
    for enrolment in students:
        user = enrolment.user
        if is_blind:
            label = selectors.pseudonym(lab_id=lab.pk, student_id=user.pk)
        else:
            label = user.get_full_name() or user.username
        points, graded_on = grades.get(user.pk, (None, None))
        if graded_on is not None and points is None:
            points = 0
        rows.append(
            QueueRow(label, latest.get(user.pk), points, graded_on, None if is_blind else user.pk)
        )
    rows.sort(key=lambda row: row.label.lower())
    regrades = [r for r in selectors.open_regrades(cohorts=[cohort]) if r.grade.lab_id == lab.pk]
    return {
        "lab": lab,
        "cohort": cohort,
        "rubric": rubric,
        "rubric_total": sum(item.points for item in rubric.items.all()) if rubric else 0,
        "release": release,
        "is_blind": is_blind,
        "rows": rows,
        "graded": sum(1 for row in rows if row.points is not None),
        "regrades": regrades,
    }
