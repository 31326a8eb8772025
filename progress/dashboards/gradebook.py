"""The instructor gradebook: students x labs, at-risk flags and per-lab statistics."""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Case, Count, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from courses import selectors as course_selectors
from enrolment.models import Cohort, Enrolment
from labs import access
from labs.models import Lab, Submission
from progress.dashboards.statuses import (
    STATUS_CELLS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    lab_status,
    labs_with_reference,
)

AT_RISK_IDLE_DAYS = 7
AT_RISK_FAILURES = 3


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


@dataclass(slots=True)
class LabColumn:
    lab: Lab
    opens_on: datetime.date
    due_on: datetime.date
    is_open: bool
    is_overdue: bool
    reference_score: float | None
    metric_label: str
    higher_is_better: bool
    passed: int = 0
    attempted: int = 0
    students: int = 0
    median_attempts: float | None = None
    best_scores: list[float] = field(default_factory=list)

    @property
    def pass_rate(self) -> int:
        return round(100 * self.passed / self.students) if self.students else 0


@dataclass(slots=True)
class Cell:
    status: str
    best_score: float | None
    attempts: int
    failing: int
    has_passed: bool = False
    # A reviewer's grade override decides has_passed (and the score, if it gives one).
    is_overridden: bool = False

    @property
    def css(self) -> str:
        return STATUS_CELLS[self.status]

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS[self.status]
        return f"{label} (override)" if self.is_overridden else label

    @property
    def text(self) -> str:
        symbol = STATUS_SYMBOLS[self.status]
        mark = " *" if self.is_overridden else ""
        if self.best_score is None:
            return f"{symbol}{mark}"
        return f"{symbol} {self.best_score:.3f}{mark}"


@dataclass(slots=True)
class StudentRow:
    student: object
    cells: list[Cell]
    passed: int
    last_submission_at: datetime.datetime | None
    flags: list[str]

    @property
    def is_at_risk(self) -> bool:
        return bool(self.flags)

    @property
    def name(self) -> str:
        return self.student.get_full_name() or self.student.username


@dataclass
class Gradebook:
    cohort: Cohort
    today: datetime.date
    columns: list[LabColumn]
    rows: list[StudentRow]
    sort: str
    due_dates: object = None  # courses.selectors.DueDates: each student's own due dates

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


def _raw_rows(queryset) -> list[tuple]:
    """Speed trick: run a values_list queryset without Django's per-value converters, for
    rows of counts and floats only (docs/benchmarks.md, "Speed tricks and what they bought")."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


PENDING_CODES = {0: None, 1: Submission.Status.QUEUED, 2: Submission.Status.GRADING}


def cohort_gradebook(
    *, cohort: Cohort, sort: str = "name", today: datetime.date | None = None
) -> Gradebook:
    """Students x labs with best scores, statuses, at-risk flags and per-lab stats.

    Eight queries: labs with reference scores, the cohort's students with the time of
    their latest submission, one aggregate row per (student, lab) over the cohort's
    submissions, then the course rules' five (late policies, extensions, join dates, the
    counted submission per (student, lab) of the labs already final for somebody, the
    grade overrides in force). Every cell's pass/fail and score is the LabResult.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    columns = _lab_columns(cohort=cohort, today=today)  # query 1
    enrolments = _enrolments_with_last_submission(cohort=cohort)  # query 2
    aggregates = _cell_aggregates(cohort=cohort, columns=columns)  # query 3
    # queries 4-8 (courses): the counted submissions only of labs past the cohort's cutoff
    # (only they can be final for anybody); the aggregates give the others' public half.
    results = course_selectors.cohort_results(
        cohort=cohort, labs=[c.lab for c in columns], final_only=True, now=now
    )
    attempts_by_lab: list[list[int]] = [[] for _ in columns]
    risk = _RiskRule(cohort=cohort, today=today, now=now, dues=results.dues)
    empty_cells = [
        Cell("overdue" if c.is_overdue else ("open" if c.is_open else "locked"), None, 0, 0)
        for c in columns
    ]
    rows = [
        _student_row(enrolment, columns, aggregates, results, empty_cells, attempts_by_lab, risk)
        for enrolment in enrolments
    ]
    for index, column in enumerate(columns):
        column.students = len(rows)
        column.attempted = len(attempts_by_lab[index])
        if attempts_by_lab[index]:
            column.median_attempts = statistics.median(attempts_by_lab[index])
    sort = _sort_rows(rows, columns, sort or "name")
    return Gradebook(
        cohort=cohort, today=today, columns=columns, rows=rows, sort=sort, due_dates=results.dues
    )


def _lab_columns(*, cohort: Cohort, today: datetime.date) -> list[LabColumn]:
    columns = []
    for lab in labs_with_reference():
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
            )
        )
    return columns


def _enrolments_with_last_submission(*, cohort: Cohort) -> list[Enrolment]:
    """The students, each with the time of their latest submission (an index lookup per
    student on cohort, student, created_at)."""
    latest = (
        Submission.objects.filter(cohort=cohort, student=OuterRef("user_id"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return list(
        Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.WITH_LAB_ACCESS)
        .select_related("user")
        # What the gradebook and its CSV show of a student; the rest (timestamps among
        # them) would be parsed for nothing.
        .only("user__username", "user__first_name", "user__last_name", "user__email")
        .annotate(last_submission_at=Subquery(latest))
        .order_by("user__username")
    )


def _cell_aggregates(*, cohort: Cohort, columns: list[LabColumn]) -> dict[tuple, tuple]:
    """(student id, lab id) -> (best, attempts, passes, failures, pending code).

    One row per (student, lab), read as raw tuples (15k rows for 500 x 30). Few
    aggregates on purpose, each costs a pass: the best public score is the maximum of
    Submission.directed_public_score (turn it back with Submission.undirected); pending
    is 2 grading, 1 queued, 0 none.
    """
    graded = Q(status=Submission.Status.GRADED)
    per_cell = (
        Submission.objects.filter(cohort=cohort)
        .order_by()
        .values("student_id", "lab_id")
        .annotate(
            best=Max(Submission.directed_public_score([c.lab for c in columns])),
            attempts=Count("pk", filter=Q(status__in=Submission.CHARGED)),
            passes=Count("pk", filter=graded & Q(passed=True)),
            failures=Count("pk", filter=graded & Q(passed=False)),
            pending=Max(
                Case(
                    When(status=Submission.Status.GRADING, then=Value(2)),
                    When(status=Submission.Status.QUEUED, then=Value(1)),
                    default=Value(0),
                )
            ),
        )
        .values_list("student_id", "lab_id", "best", "attempts", "passes", "failures", "pending")
    )
    return {(row[0], row[1]): row[2:] for row in _raw_rows(per_cell)}


@dataclass(frozen=True)
class _RiskRule:
    """When a student is flagged at risk: idle, overdue labs, or repeated failures.

    Idleness counts from the cohort's start, or from a late joiner's join date.
    """

    cohort: Cohort
    today: datetime.date
    now: datetime.datetime
    dues: course_selectors.DueDates

    def flags(self, *, student_id, last_at, overdue: int, repeated: list[str]) -> list[str]:
        idle_since = self.now - datetime.timedelta(days=AT_RISK_IDLE_DAYS)
        started_on = self.dues.joined_late(student_id) or self.cohort.start_date
        started_long_ago = started_on <= self.today - datetime.timedelta(days=AT_RISK_IDLE_DAYS)
        flags = []
        if (last_at is None and started_long_ago) or (last_at and last_at < idle_since):
            flags.append(f"No submission for {AT_RISK_IDLE_DAYS} days")
        if overdue:
            flags.append(f"{overdue} lab{'s' if overdue != 1 else ''} overdue")
        if repeated:
            flags.append(f"{AT_RISK_FAILURES}+ failing attempts: {', '.join(repeated)}")
        return flags


def _student_row(
    enrolment, columns, aggregates, results, empty_cells, attempts_by_lab, risk
) -> StudentRow:
    """One student's cells; adds to the columns' pass counts, best scores and attempts.

    Pass/fail and the score are the student's LabResult (courses.rules): the final result
    once their own cutoff has passed, else the best public attempt, and a reviewer's
    override in force over either. Overdue follows the student's own due date.
    """
    student_id = enrolment.user_id
    cells = []
    passed = overdue = 0
    repeated = []
    # 15,000 cells a page: plain attribute reads (lab.id, not the pk property).
    for index, column in enumerate(columns):
        lab = column.lab
        agg = aggregates.get((student_id, lab.id))
        if agg is None:
            public = None
        else:
            best, attempts, passes, failures, pending_code = agg
            # The public half of the result for labs whose counted rows were not read.
            best = Submission.undirected(best, higher_is_better=column.higher_is_better)
            public = (best, passes > 0)
        result = results.get(student_id, lab, public)
        is_overdue = column.is_overdue and result.is_due  # a personal date can be later
        if agg is None and result.override is None:
            cell = empty_cells[index]
            if is_overdue != column.is_overdue:  # a personal due date (courses)
                cell = Cell("overdue" if is_overdue else "open", None, 0, 0)
            cells.append(cell)
            overdue += cell.status == "overdue"
            continue
        if agg is None:
            attempts = passes = failures = pending_code = 0
        has_passed = result.has_passed
        best = result.score
        is_overridden = result.override is not None
        status = lab_status(
            is_open=agg is not None or column.is_open,  # a lab with submissions is worked on
            is_overdue=is_overdue,
            has_passed=has_passed,
            pending=PENDING_CODES[pending_code],
            graded=passes + failures + is_overridden,
        )
        cells.append(Cell(status, best, attempts, failures, has_passed, is_overridden))
        if has_passed:
            passed += 1
            column.passed += 1
        elif is_overdue:
            overdue += 1
        if not has_passed and failures >= AT_RISK_FAILURES:
            repeated.append(column.lab.title)
        if attempts:
            attempts_by_lab[index].append(attempts)
        if best is not None:
            column.best_scores.append(best)
    last_at = enrolment.last_submission_at
    flags = risk.flags(student_id=student_id, last_at=last_at, overdue=overdue, repeated=repeated)
    return StudentRow(enrolment.user, cells, passed, last_at, flags)
