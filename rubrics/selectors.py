"""Reads for rubrics: a lab's rubric, a student's grade and marks, line comments, releases,
regrade requests, and who is hidden behind a pseudonym (blind grading). No Http404 here.
"""

from collections.abc import Collection

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.crypto import salted_hmac

from rubrics.models import (
    GradeRelease,
    LineComment,
    RegradeRequest,
    Rubric,
    RubricGrade,
    RubricItem,
)


def rubric_for(*, lab) -> Rubric | None:
    """The lab's rubric with its items in order (two queries), or None."""
    return Rubric.objects.filter(lab=lab).prefetch_related("items").first()


def is_released(*, lab, cohort) -> bool:
    if cohort is None:
        return False
    return GradeRelease.objects.filter(lab=lab, cohort=cohort).exists()


def release_of(*, lab, cohort) -> GradeRelease | None:
    return GradeRelease.objects.filter(lab=lab, cohort=cohort).select_related("released_by").first()


def grade_of(*, student, lab, cohort) -> RubricGrade | None:
    """The student's rubric grade for the lab in the cohort, with its marks."""
    return (
        RubricGrade.objects.filter(student=student, lab=lab, cohort=cohort)
        .select_related("graded_by")
        .prefetch_related("marks__item")
        .first()
    )


def line_comments_on(*, submission) -> QuerySet[LineComment]:
    return LineComment.objects.filter(submission=submission).select_related("author")


def regrades_of(*, grade) -> QuerySet[RegradeRequest]:
    """A grade's regrade requests, newest first, each with its decision and who made it."""
    return grade.regrades.select_related("item", "decision__decided_by")


def open_regrades(*, cohorts) -> QuerySet[RegradeRequest]:
    """Requests waiting for an answer in these cohorts, oldest first."""
    return (
        RegradeRequest.objects.filter(status=RegradeRequest.Status.OPEN, grade__cohort__in=cohorts)
        .select_related("item", "grade__lab", "grade__cohort", "grade__student")
        .order_by("created_at", "pk")
    )


def released_parts(
    *,
    cohort,
    lab_ids: Collection[int],
    student_id: int | None = None,
    student_ids: Collection[int] | None = None,
) -> dict[tuple[int, int], tuple[float, float, float, float]]:
    """(student id, lab id) -> (points, rubric total, weight, pass share) of every rubric
    grade released to this cohort, in one query (courses.selectors.results reads it)."""
    if not lab_ids:
        return {}
    grades = RubricGrade.objects.filter(cohort=cohort, lab_id__in=list(lab_ids))
    if student_id is not None:
        grades = grades.filter(student_id=student_id)
    if student_ids is not None:
        grades = grades.filter(student_id__in=list(student_ids))
    totals = (
        RubricItem.objects.filter(rubric__lab_id=OuterRef("lab_id"))
        .order_by()
        .values("rubric")
        .annotate(total=Sum("points"))
        .values("total")
    )
    released = GradeRelease.objects.filter(
        lab_id=OuterRef("lab_id"), cohort_id=OuterRef("cohort_id")
    )
    rows = (
        grades.filter(Exists(released), lab__rubric__isnull=False)
        .annotate(
            marked=Coalesce(Sum("marks__points"), Value(0, output_field=DecimalField())),
            total=Subquery(totals),
        )
        .values_list(
            "student_id",
            "lab_id",
            "marked",
            "total",
            "lab__rubric__weight",
            "lab__rubric__pass_share",
        )
        .order_by()
    )
    return {
        (student, lab): (float(marked), float(total or 0), float(weight), float(share))
        for student, lab, marked, total, weight, share in rows
    }


def pseudonym(*, lab_id: int, student_id: int) -> str:
    """A blind grader's name for a student: stable for the lab, different across labs, and
    not to be guessed back from the student's id without the site's secret."""
    code = salted_hmac("rubrics.pseudonym", f"{lab_id}:{student_id}").hexdigest()[:6].upper()
    return f"Student {code}"


def blind_lab_ids(*, cohort, lab_ids: Collection[int] | None = None) -> set[int]:
    """The labs whose graders see pseudonyms in this cohort: blind rubric, not yet released."""
    rubrics = Rubric.objects.filter(is_blind=True)
    if lab_ids is not None:
        rubrics = rubrics.filter(lab_id__in=list(lab_ids))
    released = GradeRelease.objects.filter(lab_id=OuterRef("lab_id"), cohort=cohort)
    return set(rubrics.filter(~Q(Exists(released))).values_list("lab_id", flat=True))


def hides_names(*, lab, cohort) -> bool:
    """Whether graders of this lab in this cohort see pseudonyms instead of names."""
    if cohort is None:
        return False
    return lab.pk in blind_lab_ids(cohort=cohort, lab_ids=[lab.pk])
