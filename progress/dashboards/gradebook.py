"""The instructor gradebook: students x labs, at-risk flags and per-lab statistics.

The page an instructor opens holds PAGE_SIZE students (gradebook_page), the API and the
class figures read the whole class (cohort_gradebook), the CSV streams it in chunks
(gradebook_chunks); gradebook_cells builds the rows of any of these.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils import timezone

from courses import selectors as course_selectors
from enrolment.models import Cohort, Enrolment
from labs import access
from labs.models import Submission
from progress.dashboards.gradebook_cells import (
    AT_RISK_FAILURES,
    AT_RISK_IDLE_DAYS,
    Cell,
    LabColumn,
    StudentRow,
    fresh_columns,
    rows_for,
)
from progress.dashboards.statuses import STATUS_CELLS, STATUS_LABELS, labs_with_reference
from rubrics import selectors as rubric_selectors

__all__ = [
    "AT_RISK_FAILURES",
    "AT_RISK_IDLE_DAYS",
    "STATUS_CELLS",
    "STATUS_LABELS",
    "Cell",
    "Gradebook",
    "LabColumn",
    "StudentRow",
    "cohort_gradebook",
    "cohorts_for_reviewer",
    "gradebook_chunks",
    "gradebook_page",
]

PAGE_SIZE = 50  # students on a page of the gradebook
CHUNK_SIZE = 100  # students per chunk of the CSV export


def cohorts_for_reviewer(user) -> QuerySet[Cohort]:
    """Cohorts this user may see the gradebook of, newest first, with their student counts."""
    return (
        access.cohorts_visible_to(user=user)
        .select_related("program")
        .annotate(
            student_count=Count(
                "enrolments", filter=Q(enrolments__status__in=Enrolment.WITH_LAB_ACCESS)
            )
        )
        .order_by("-start_date", "pk")
    )


@dataclass
class Gradebook:
    cohort: Cohort
    today: datetime.date
    columns: list[LabColumn]
    rows: list[StudentRow]
    sort: str
    due_dates: object = None  # courses.selectors.DueDates: each student's own due dates
    student_count: int = 0  # the whole class's; `rows` may be one page of it
    page: Page | None = None  # the page `rows` are, when paged
    # The students at risk in the whole class; None when only a page was computed.
    at_risk_count: int | None = None
    # The columns' pass rates and attempts are the whole class's (not one page's).
    class_figures: bool = True

    @property
    def at_risk(self) -> list[StudentRow]:
        return [row for row in self.rows if row.is_at_risk]

    @property
    def has_pending(self) -> bool:
        return any(c.status in ("submitted", "grading") for row in self.rows for c in row.cells)


SORT_KEYS = ("name", "risk", "passed", "last")


def _sort_rows(rows: list[StudentRow], columns: list[LabColumn], sort: str) -> str:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key.startswith("lab-"):
        slug = key[4:]
        index = next((i for i, c in enumerate(columns) if c.lab.slug == slug), None)
        if index is None:
            return _sort_rows(rows, columns, "name")
        higher = columns[index].higher_is_better

        def score_key(row):
            best = row.cells[index].best_score
            if best is None:
                return (1, 0.0, row.name.lower())
            # Best first on an ascending sort, whichever way the metric points.
            return (0, -best if higher else best, row.name.lower())

        rows.sort(key=score_key)
        if descending:
            # The scored rows come first; reverse them, the unscored stay last by name.
            scored = sum(1 for r in rows if r.cells[index].best_score is not None)
            rows[:scored] = rows[scored - 1 :: -1] if scored else []
        return sort
    if key not in SORT_KEYS:
        return _sort_rows(rows, columns, "name")
    keys = {
        "name": lambda r: r.name.lower(),
        "risk": lambda r: (-len(r.flags), r.passed, r.name.lower()),
        "passed": lambda r: (-r.passed, r.name.lower()),
        "last": lambda r: (
            r.last_submission_at is None,
            -(r.last_submission_at.timestamp() if r.last_submission_at else 0),
        ),
    }
    rows.sort(key=keys[key], reverse=descending)
    return sort


def cohort_gradebook(
    *, cohort: Cohort, sort: str = "name", today: datetime.date | None = None
) -> Gradebook:
    """Every student of the cohort x labs, with best scores, statuses, at-risk flags and
    per-lab stats, sorted in Python (any key, the course rules' too). The API's gradebook,
    the class figures of a large cohort's page and its rule-based sorts read this.

    Eight queries: labs with reference scores, the cohort's students with the time of
    their latest submission, then gradebook_cells.rows_for's six. Every cell's pass/fail
    and score is the LabResult.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    columns = _lab_columns(cohort=cohort, today=today)  # query 1
    enrolments = list(_enrolments_with_last_submission(cohort=cohort, sort=""))  # query 2
    rows, dues = rows_for(
        cohort=cohort, columns=columns, enrolments=enrolments, today=today, now=now
    )  # queries 3-8
    sort = _sort_rows(rows, columns, sort or "name")
    return Gradebook(
        cohort=cohort,
        today=today,
        columns=columns,
        rows=rows,
        sort=sort,
        due_dates=dues,
        student_count=len(rows),
        at_risk_count=sum(1 for row in rows if row.is_at_risk),
    )


def gradebook_page(
    *,
    cohort: Cohort,
    sort: str = "name",
    page: int | str | None = 1,
    only_at_risk: bool = False,
    today: datetime.date | None = None,
) -> Gradebook:
    """One page of PAGE_SIZE students: what an instructor opens.

    Sorted by name or by last submission (the database's orders), a page reads its own
    students only: nine queries whatever the class's size (gradebook_page_rows). Its
    columns' pass rates and the at-risk count are then those of the page, so the page says
    `class_figures` is False unless it holds the whole class, and the template loads the
    class's figures separately (cohort_gradebook). Sorted by a course-rule key (at risk,
    labs passed, a lab's score) or filtered to the students at risk, the page needs every
    student's results: it is a page of cohort_gradebook.
    """
    today = today or timezone.localdate()
    key = (sort or "name").lstrip("-")
    if only_at_risk or key not in DATABASE_SORTS:
        book = cohort_gradebook(cohort=cohort, sort=sort, today=today)
        rows = book.at_risk if only_at_risk else book.rows
        book.at_risk_count = len(book.at_risk)
        book.page = Paginator(rows, PAGE_SIZE).get_page(page)
        book.rows = list(book.page.object_list)
        return book
    return gradebook_page_rows(cohort=cohort, sort=sort, page=page, today=today)


def gradebook_page_rows(*, cohort: Cohort, sort: str, page, today: datetime.date) -> Gradebook:
    """Speed trick: a page in the database's order, computing LabResult for its students
    only (docs/benchmarks.md, "Speed tricks and what they bought"). Nine queries: labs,
    the page's students with the class's size, then rows_for's six limited to them."""
    now = timezone.now()
    columns = _lab_columns(cohort=cohort, today=today)
    found = _page_of_students(_enrolments_with_last_submission(cohort=cohort, sort=sort), page)
    enrolments = list(found.object_list)
    whole_class = found.paginator.num_pages == 1
    rows, dues = rows_for(
        cohort=cohort,
        columns=columns,
        enrolments=enrolments,
        today=today,
        now=now,
        student_ids=None if whole_class else [e.user_id for e in enrolments],
    )
    return Gradebook(
        cohort=cohort,
        today=today,
        columns=columns,
        rows=rows,
        sort=_database_sort(sort),
        due_dates=dues,
        student_count=found.paginator.count,
        page=found,
        at_risk_count=sum(1 for row in rows if row.is_at_risk) if whole_class else None,
        class_figures=whole_class,
    )


class _ReadPage:
    """One page of students already read, standing in for the whole list: Django's
    Paginator takes the class's size from len() and the page's rows from a slice."""

    def __init__(self, rows: list, size: int):
        self.rows = rows
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, _slice) -> list:
        return self.rows


def _page_of_students(ordered: QuerySet, page) -> Page:
    """Speed trick: the page's students and the class's size in one query (COUNT(*) OVER
    ()), where Paginator would count first (docs/benchmarks.md). A number past the last
    page shows the last page, as Paginator.get_page does (one more query then)."""
    try:
        number = max(1, int(page or 1))
    except (TypeError, ValueError):
        number = 1
    sized = ordered.annotate(class_size=Window(Count("pk")))
    rows = list(sized[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    if not rows and number > 1:
        number = max(1, -(-ordered.count() // PAGE_SIZE))
        rows = list(sized[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    size = rows[0].class_size if rows else 0
    return Paginator(_ReadPage(rows, size), PAGE_SIZE).get_page(number)


def gradebook_chunks(
    *, cohort: Cohort, sort: str = "name", today: datetime.date | None = None
) -> tuple[list[LabColumn], Iterator[tuple[list[StudentRow], course_selectors.DueDates]]]:
    """The whole class in chunks of CHUNK_SIZE students (the CSV export streams them): the
    columns, and an iterator of (rows, due dates) per chunk, each chunk read as a page is
    (rows_for, limited to its students), so memory stays that of one chunk. Rows come in
    the database's order (by name, or by last submission); a course-rule sort would need
    every student's results first, so it exports by name."""
    today = today or timezone.localdate()
    now = timezone.now()
    if (sort or "name").lstrip("-") not in DATABASE_SORTS:
        sort = "name"
    columns = _lab_columns(cohort=cohort, today=today)
    policies = course_selectors.policies_for(program_id=cohort.program_id)
    paginator = Paginator(_enrolments_with_last_submission(cohort=cohort, sort=sort), CHUNK_SIZE)

    def chunks():
        for number in paginator.page_range:
            enrolments = list(paginator.page(number).object_list)
            yield rows_for(
                cohort=cohort,
                columns=fresh_columns(columns),
                enrolments=enrolments,
                today=today,
                now=now,
                student_ids=[e.user_id for e in enrolments],
                policies=policies,
            )

    return columns, chunks()


def _lab_columns(*, cohort: Cohort, today: datetime.date) -> list[LabColumn]:
    columns = []
    labs = list(labs_with_reference())
    blind = rubric_selectors.blind_lab_ids(cohort=cohort)
    for lab in labs:
        due_on = lab.due_on(cohort)
        is_open = access.is_lab_open(lab=lab, cohort=cohort, today=today)
        columns.append(
            LabColumn(
                lab=lab,
                opens_on=lab.opens_on(cohort),
                due_on=due_on,
                is_open=is_open,
                is_overdue=is_open and due_on < today,
                reference_score=lab.reference_score,
                metric_label=lab.dataset.metric_label,
                higher_is_better=lab.dataset.higher_is_better,
                is_blind=lab.pk in blind,
            )
        )
    return columns


def _enrolments_with_last_submission(*, cohort: Cohort, sort: str = "name") -> QuerySet:
    """The students, each with the time of their latest submission (an index lookup per
    student on cohort, student, created_at), in `sort`'s order when the database can give
    it (name, last; else by username, as cohort_gradebook sorts in Python after)."""
    latest = (
        Submission.objects.filter(cohort=cohort, student=OuterRef("user_id"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.WITH_LAB_ACCESS)
        .select_related("user")
        # What the gradebook and its CSV show of a student; the rest (timestamps among
        # them) would be parsed for nothing.
        .only("user__username", "user__first_name", "user__last_name", "user__email")
        .annotate(last_submission_at=Subquery(latest))
        .order_by(*_DATABASE_ORDERS.get(sort, ("user__username",)))
    )


# A student's name as StudentRow.name gives it (the full name, else the username), lowered.
_NAME = Lower(
    Coalesce(
        NullIf(Trim(Concat("user__first_name", Value(" "), "user__last_name")), Value("")),
        "user__username",
    )
)
# The database's orders of the sorts it can give, as _sort_rows gives them in Python (ties
# by username, students without a submission last on "last" and first on "-last").
_DATABASE_ORDERS = {
    "name": (_NAME.asc(), "user__username"),
    "-name": (_NAME.desc(), "user__username"),
    "last": (F("last_submission_at").desc(nulls_last=True), "user__username"),
    "-last": (F("last_submission_at").asc(nulls_first=True), "user__username"),
}
DATABASE_SORTS = {"name", "last"}


def _database_sort(sort: str) -> str:
    return sort if sort in _DATABASE_ORDERS else "name"
