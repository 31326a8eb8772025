"""The gradebook's cells: one row per student, each cell the student's LabResult.

`rows_for` builds the rows of any set of students (a page, a chunk of the CSV, the whole
class) in the same six queries: the per-(student, lab) aggregate of their submissions and
the course rules' five reads (courses.selectors.cohort_results), each limited to those
students when asked.
"""

import dataclasses
import datetime
import statistics
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Case, Count, Max, Q, Value, When

from courses import selectors as course_selectors
from enrolment.models import Cohort
from labs.models import Lab, Submission
from progress.dashboards.attendance import (
    NO_SESSIONS,
    AttendanceBook,
    AttendanceSummary,
    attendance_for,
)
from progress.dashboards.statuses import STATUS_CELLS, STATUS_LABELS, STATUS_SYMBOLS, lab_status
from teams import selectors as team_selectors

AT_RISK_IDLE_DAYS = 7
AT_RISK_FAILURES = 3
AT_RISK_MISSED_SESSIONS = 2  # live sessions whose attendance was taken


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
    # Graded blind and not yet released to this cohort: every student's cell is hidden.
    is_blind: bool = False
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
    attendance: AttendanceSummary = NO_SESSIONS
    team: str = ""  # the student's capstone team, where they have one (teams)

    @property
    def is_at_risk(self) -> bool:
        return bool(self.flags)

    @property
    def name(self) -> str:
        return self.student.get_full_name() or self.student.username


def rows_for(
    *,
    cohort: Cohort,
    columns: list[LabColumn],
    enrolments: list,
    today: datetime.date,
    now: datetime.datetime,
    student_ids: list[int] | None = None,
    policies=None,
) -> tuple[list[StudentRow], course_selectors.DueDates]:
    """The rows of `enrolments` (read with last_submission_at) and their due dates, and the
    columns' pass counts, attempts and best scores over these rows. Six queries: the
    per-cell aggregate and the course rules' five, and attendance's two when the live
    app registered its reader; `student_ids` limits each of them to these students (None:
    everyone in the cohort, when the rows are the whole class).

    Pass/fail and the score of every cell are the student's LabResult: the course rules'
    results, read for the labs past the cohort's cutoff (only they can be final for
    anybody) and, for the others, handed the public half the aggregate read."""
    aggregates = _cell_aggregates(cohort=cohort, columns=columns, student_ids=student_ids)
    results = course_selectors.cohort_results(
        cohort=cohort,
        labs=[c.lab for c in columns],
        final_only=True,
        now=now,
        student_ids=student_ids,
        policies=policies,
    )
    attendance = attendance_for(
        cohort=cohort, student_ids=student_ids, now=now, joined_late=results.dues.late_joins()
    )
    # Team names only where the capstone is among the columns (labs_with_reference).
    has_milestones = any(getattr(c.lab, "is_milestone", True) for c in columns)
    teams = (
        team_selectors.team_names_for(cohort=cohort, student_ids=student_ids)
        if has_milestones
        else {}
    )
    attempts_by_lab: list[list[int]] = [[] for _ in columns]
    risk = _RiskRule(cohort=cohort, today=today, now=now, dues=results.dues, attendance=attendance)
    empty_cells = [
        Cell("overdue" if c.is_overdue else ("open" if c.is_open else "locked"), None, 0, 0)
        for c in columns
    ]
    rows = [
        _student_row(enrolment, columns, aggregates, results, empty_cells, attempts_by_lab, risk)
        for enrolment in enrolments
    ]
    _hide_blind_cells(rows, columns)
    for row in rows:
        row.team = teams.get(row.student.pk, "")
    for index, column in enumerate(columns):
        column.students = len(rows)
        column.attempted = len(attempts_by_lab[index])
        if attempts_by_lab[index]:
            column.median_attempts = statistics.median(attempts_by_lab[index])
    return rows, results.dues


BLIND_CELL = Cell("blind", None, 0, 0)


def _hide_blind_cells(rows: list[StudentRow], columns: list[LabColumn]) -> None:
    """A blind lab's cells say nothing of a named student (rubrics, blind grading): before
    any sort, so the order of a sort by that lab says nothing either."""
    for index, column in enumerate(columns):
        if column.is_blind:
            for row in rows:
                row.cells[index] = BLIND_CELL


def fresh_columns(columns: list[LabColumn]) -> list[LabColumn]:
    """The same columns with their counts at zero, for another set of rows."""
    return [
        dataclasses.replace(c, passed=0, attempted=0, students=0, best_scores=[]) for c in columns
    ]


def _raw_rows(queryset) -> list[tuple]:
    """Speed trick: run a values_list queryset without Django's per-value converters, for
    rows of counts and floats only (docs/benchmarks.md, "Speed tricks and what they bought")."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


PENDING_CODES = {0: None, 1: Submission.Status.QUEUED, 2: Submission.Status.GRADING}


def _cell_aggregates(
    *, cohort: Cohort, columns: list[LabColumn], student_ids: list[int] | None = None
) -> dict[tuple, tuple]:
    """(student id, lab id) -> (best, attempts, passes, failures, pending code).

    One row per (student, lab), read as raw tuples (15k rows for 500 x 30). Few
    aggregates on purpose, each costs a pass: the best public score is the maximum of
    Submission.directed_public_score (turn it back with Submission.undirected); pending
    is 2 grading, 1 queued, 0 none.
    """
    graded = Q(status=Submission.Status.GRADED)
    submissions = Submission.objects.filter(cohort=cohort)
    if student_ids is not None:
        submissions = submissions.filter(student_id__in=student_ids)
    per_cell = (
        submissions.order_by()
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
    """When a student is flagged at risk: idle, overdue labs, repeated failures, or missed
    live sessions (AT_RISK_MISSED_SESSIONS of those whose attendance was taken).

    Idleness counts from the cohort's start, or from a late joiner's join date.
    """

    cohort: Cohort
    today: datetime.date
    now: datetime.datetime
    dues: course_selectors.DueDates
    attendance: AttendanceBook = field(default_factory=AttendanceBook)

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
        missed = self.attendance.of(student_id).missed
        if missed >= AT_RISK_MISSED_SESSIONS:
            flags.append(f"Missed {missed} live sessions")
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
        # A teammate's milestone credited to the student (courses.credits) is a result too.
        credited = agg is None and result.counted is not None
        if agg is None and result.override is None and not credited:
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
            graded=passes + failures + is_overridden + credited,
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
    attendance = risk.attendance.of(student_id)
    return StudentRow(enrolment.user, cells, passed, last_at, flags, attendance)
