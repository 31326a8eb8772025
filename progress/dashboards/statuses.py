"""What both dashboards show of a lab: its status, in words, colours and symbols."""

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from labs.models import Lab, Submission
from labs.selectors import ready_references
from rubrics.models import Rubric
from teams.models import Milestone

# Status keys shared by both dashboards, with the words and colours they show.
STATUS_LABELS = {
    "locked": "Locked",
    "open": "Open",
    "submitted": "Submitted",
    "grading": "Grading",
    "passed": "Passed",
    "failing": "Not yet passing",
    "overdue": "Overdue",
    # A blind rubric lab not yet released: graders see no student's cell (rubrics).
    "blind": "Blind grading: hidden until released",
}
STATUS_BADGES = {
    "locked": "text-bg-light border",
    "open": "text-bg-primary",
    "submitted": "text-bg-info",
    "grading": "text-bg-info",
    "passed": "text-bg-success",
    "failing": "text-bg-warning",
    "overdue": "text-bg-danger",
    "blind": "text-bg-light border",
}
STATUS_CELLS = {
    "locked": "text-body-tertiary",
    "open": "",
    "submitted": "table-info",
    "grading": "table-info",
    "passed": "table-success",
    "failing": "table-warning",
    "overdue": "table-danger",
    "blind": "text-body-secondary",
}

# Shown beside the colour, so a cell reads the same without colour vision.
STATUS_SYMBOLS = {
    "locked": "",
    "open": "–",
    "submitted": "…",
    "grading": "…",
    "passed": "✓",
    "failing": "✗",
    "overdue": "!",
    "blind": "blind",
}


def labs_with_reference() -> QuerySet[Lab]:
    """Published labs with their current reference's public score, whether each has a
    rubric and whether it is a capstone milestone (the course rules read released rubric
    grades and team credits only for those), in one query."""
    current = ready_references(OuterRef("pk"))
    return (
        Lab.objects.filter(is_published=True)
        .select_related("dataset")
        .annotate(
            reference_score=Subquery(current.values("public_score")[:1]),
            has_rubric=Exists(Rubric.objects.filter(lab=OuterRef("pk"))),
            is_milestone=Exists(Milestone.objects.filter(lab=OuterRef("pk"))),
        )
        .order_by("week", "title", "pk")
    )


def lab_status(
    *, is_open: bool, is_overdue: bool, has_passed: bool, pending: str | None, graded: int
) -> str:
    if pending == Submission.Status.GRADING:
        return "grading"
    if pending == Submission.Status.QUEUED:
        return "submitted"
    if not is_open:
        return "locked"
    if has_passed:
        return "passed"
    if is_overdue:
        return "overdue"
    if graded:
        return "failing"
    return "open"
