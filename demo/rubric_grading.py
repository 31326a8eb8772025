"""Demo rubric grading: the first lab has a rubric, and the demo student's work on it is
graded by the demo instructor, with a comment on a line, and released; the second lab's
rubric is graded blind and not released yet. Made through the rubrics' services."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from labs.access import student_cohort
from labs.models import Lab, Submission
from reviews import viewer
from rubrics.models import Rubric, RubricGrade
from rubrics.services import grading

FIRST_LAB_ITEMS = [
    ("Features explored", 4, "Which features matter, with a plot or a table."),
    ("Validation", 4, "A held-out split or cross-validation, not the training score."),
    ("Clear write-up", 2, "A short note on the model chosen and why."),
]
SECOND_LAB_ITEMS = [
    ("Missing values treated", 5, "Imputation chosen per column, and said why."),
    ("No leakage", 5, "Imputers fitted on the training split only."),
]


def seed_rubrics_demo() -> None:
    """Idempotent: a lab with a rubric already keeps it, a graded student their grade."""
    User = get_user_model()
    instructor = User.objects.filter(username="instructor").first()
    student = User.objects.filter(username="student").first()
    first = Lab.objects.filter(slug="first-classifier").first()
    second = Lab.objects.filter(slug="missing-values").first()
    if first is not None:
        _rubric(first, FIRST_LAB_ITEMS, weight="0.3", is_blind=False)
    if second is not None:
        _rubric(second, SECOND_LAB_ITEMS, weight="0.2", is_blind=True)
    if first is None or instructor is None or student is None:
        return
    cohort = student_cohort(user=student)
    submission = (
        Submission.objects.filter(
            lab=first, student=student, cohort=cohort, status=Submission.Status.GRADED
        )
        .order_by("-pk")
        .first()
    )
    if submission is None or RubricGrade.objects.filter(lab=first, student=student).exists():
        return
    items = list(first.rubric.items.all())
    grading.rubric_grade_set(
        submission=submission,
        grader=instructor,
        marks={
            items[0].pk: (Decimal(3), "Good look at the features; the plot needs axis labels."),
            items[1].pk: (Decimal(2), "Only one split: try 5-fold cross-validation."),
            items[2].pk: (Decimal(2), ""),
        },
    )
    file = viewer.submission_file_view(submission)
    if file.header and file.rows:
        grading.line_comment_add(
            submission=submission,
            author=instructor,
            body="Check this first row against the class balance: is class 0 that common?",
            line=2,
            cell=None,
            lines=len(file.rows) + 1,
            cells=0,
        )
    grading.grades_release(lab=first, cohort=cohort, actor=instructor)


def _rubric(lab, items, *, weight: str, is_blind: bool) -> None:
    rubric, created = Rubric.objects.get_or_create(
        lab=lab, defaults={"weight": weight, "is_blind": is_blind}
    )
    if created:
        for position, (title, points, description) in enumerate(items, 1):
            rubric.items.create(
                title=title, points=points, description=description, position=position
            )
