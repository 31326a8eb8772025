"""Reads for the student dashboard and the instructor gradebook.

Each page costs a fixed number of queries whatever the number of labs, students or
submissions: labs come with their reference score in one query, a student's
submissions (or a cohort's per-student, per-lab aggregates) in one more, and the rest
is computed in Python.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Case, Count, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from courses import selectors as course_selectors
from enrolment.models import Cohort, Enrolment
from labs.grading import get_metric, pass_threshold
from labs.models import Lab, Submission
from labs.selectors import (
    ACTIVE_STATUSES,
    can_review_submission,
    current_reference,
    ready_references,
    start_of_today,
    student_cohort,
)

AT_RISK_IDLE_DAYS = 7
AT_RISK_FAILURES = 3

# Status keys shared by both dashboards, with the words and colours they show.
STATUS_LABELS = {
    "locked": "Locked",
    "open": "Open",
    "submitted": "Submitted",
    "grading": "Grading",
    "passed": "Passed",
    "failing": "Not yet passing",
    "overdue": "Overdue",
}
STATUS_BADGES = {
    "locked": "text-bg-light border",
    "open": "text-bg-primary",
    "submitted": "text-bg-info",
    "grading": "text-bg-info",
    "passed": "text-bg-success",
    "failing": "text-bg-warning",
    "overdue": "text-bg-danger",
}
STATUS_CELLS = {
    "locked": "text-body-tertiary",
    "open": "",
    "submitted": "table-info",
    "grading": "table-info",
    "passed": "table-success",
    "failing": "table-warning",
    "overdue": "table-danger",
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
}


def metric_direction(metric_name: str) -> tuple[str, bool]:
    """The metric's label and whether higher is better (unknown metrics: higher)."""
    try:
        metric = get_metric(metric_name)
    except ValueError:
        return metric_name, True
    return metric.label, metric.higher_is_better


def labs_with_reference() -> QuerySet[Lab]:
    """Published labs with their current reference's public score, in one query."""
    current = ready_references(OuterRef("pk"))
    return (
        Lab.objects.filter(is_published=True)
        .select_related("dataset")
        .annotate(reference_score=Subquery(current.values("public_score")[:1]))
        .order_by("week", "title", "pk")
    )


def _lab_status(
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


def _best(scores: list[float], higher_is_better: bool) -> float | None:
    if not scores:
        return None
    return max(scores) if higher_is_better else min(scores)


# ----------------------------------------------------------------- student dashboard


@dataclass(slots=True)
class LabProgress:
    lab: Lab
    opens_on: datetime.date
    due_on: datetime.date
    is_open: bool
    status: str
    best_score: float | None
    reference_score: float | None
    metric_label: str
    higher_is_better: bool
    attempts: int
    attempts_left_today: int
    has_passed: bool = False
    is_next: bool = False
    result: object = None  # courses.rules.LabResult: own due date, final result

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def is_pending(self) -> bool:
        return self.status in ("submitted", "grading")


@dataclass(slots=True)
class WeekGroup:
    week: int
    labs: list[LabProgress]


@dataclass
class StudentDashboard:
    cohort: Cohort
    today: datetime.date
    week: int
    labs: list[LabProgress]
    next_lab: LabProgress | None
    passed: int
    open_count: int
    weeks: list[WeekGroup] = field(default_factory=list)
    completion: dict | None = None  # courses.selectors.completion_progress

    @property
    def total(self) -> int:
        return len(self.labs)

    @property
    def has_pending(self) -> bool:
        return any(item.is_pending for item in self.labs)

    @property
    def locked(self) -> int:
        return self.total - self.open_count

    @property
    def open_not_passed(self) -> int:
        return sum(1 for item in self.labs if item.is_open and not item.has_passed)

    def percent(self, part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    @property
    def percent_of_open(self) -> int:
        return self.percent(self.passed, self.open_count)

    @property
    def percent_of_total(self) -> int:
        return self.percent(self.passed, self.total)


def student_dashboard(*, user, today: datetime.date | None = None) -> StudentDashboard | None:
    """Everything the student dashboard shows, in three queries; None if not enrolled."""
    cohort = student_cohort(user=user)  # query 1: the enrolment, cohort and program
    if cohort is None:
        return None
    today = today or timezone.localdate()
    day_start = start_of_today()
    labs = list(labs_with_reference())  # query 2: labs, datasets, reference scores
    by_lab: dict[int, list[tuple]] = defaultdict(list)
    # query 3: all of this student's submissions, oldest first
    for row in (
        Submission.objects.filter(student=user)
        .order_by("created_at", "pk")
        .values_list("lab_id", "status", "passed", "public_score", "created_at")
    ):
        by_lab[row[0]].append(row)
    # queries 4-9 (courses): late policies, extensions, join date, counted submissions,
    # then the completion rule and certificate. Due dates, pass/fail and scores follow
    # the course rules.
    results = course_selectors.student_results(student=user, cohort=cohort, labs=labs)

    progress = []
    for lab in labs:
        rows = by_lab.get(lab.pk, [])
        label, higher = metric_direction(lab.dataset.metric)
        graded = [r for r in rows if r[1] == Submission.Status.GRADED]
        pending = next((r[1] for r in reversed(rows) if r[1] in Submission.PENDING), None)
        charged_today = sum(1 for r in rows if r[1] in Submission.CHARGED and r[4] >= day_start)
        is_open = lab.opens_on(cohort) <= today
        result = results[lab.pk]
        due_on = result.due_on
        has_passed = result.has_passed
        progress.append(
            LabProgress(
                lab=lab,
                opens_on=lab.opens_on(cohort),
                due_on=due_on,
                is_open=is_open,
                status=_lab_status(
                    is_open=is_open,
                    is_overdue=result.is_due,
                    has_passed=has_passed,
                    pending=pending,
                    graded=len(graded),
                ),
                best_score=result.score if result.is_due else _best([r[3] for r in graded], higher),
                reference_score=lab.reference_score,
                metric_label=label,
                higher_is_better=higher,
                attempts=sum(1 for r in rows if r[1] in Submission.CHARGED),
                attempts_left_today=max(lab.daily_limit - charged_today, 0),
                has_passed=has_passed,
                result=result,
            )
        )
    candidates = [p for p in progress if p.is_open and not p.has_passed]
    next_lab = min(candidates, key=lambda p: (p.due_on, p.lab.week), default=None)
    if next_lab:
        next_lab.is_next = True
    weeks: dict[int, list[LabProgress]] = defaultdict(list)
    for item in progress:
        weeks[item.lab.week].append(item)
    return StudentDashboard(
        cohort=cohort,
        today=today,
        week=cohort.week_on(today),
        labs=progress,
        next_lab=next_lab,
        passed=sum(1 for p in progress if p.has_passed),
        open_count=sum(1 for p in progress if p.is_open),
        weeks=[WeekGroup(week, items) for week, items in sorted(weeks.items())],
        completion=course_selectors.student_completion(
            student=user, cohort=cohort, results=results, labs=labs
        ),
    )


@dataclass
class LabHistory:
    lab: Lab
    submissions: list[Submission]
    reference_score: float | None
    threshold: float | None
    metric_label: str
    higher_is_better: bool
    best_score: float | None

    @property
    def has_pending(self) -> bool:
        return any(s.is_pending for s in self.submissions)

    @property
    def newest_first(self) -> list[Submission]:
        return self.submissions[::-1]

    @property
    def graded(self) -> list[Submission]:
        return [s for s in self.submissions if s.status == Submission.Status.GRADED]


def lab_history(*, lab: Lab, student) -> LabHistory:
    """One student's submissions for one lab, oldest first, with the reference score."""
    current = current_reference(lab=lab)
    reference = current.public_score if current else None
    submissions = list(
        Submission.objects.filter(lab=lab, student=student).order_by("created_at", "pk")
    )
    label, higher = metric_direction(lab.dataset.metric)
    graded = [s.public_score for s in submissions if s.status == Submission.Status.GRADED]
    return LabHistory(
        lab=lab,
        submissions=submissions,
        reference_score=reference,
        # The same bar the grader applies (labs.grading.passes).
        threshold=pass_threshold(reference, ratio=lab.pass_ratio, higher_is_better=higher),
        metric_label=label,
        higher_is_better=higher,
        best_score=_best(graded, higher),
    )


def get_dashboard_lab(*, user, slug: str) -> tuple[Lab, Cohort]:
    """A published lab of the student's own curriculum, or 404."""
    cohort = student_cohort(user=user)
    if cohort is None:
        raise Http404("You are not enrolled in a cohort.")
    lab = get_object_or_404(Lab.objects.select_related("dataset"), slug=slug, is_published=True)
    return lab, cohort


# ----------------------------------------------------------------- gradebook access


def cohorts_for_reviewer(user) -> QuerySet[Cohort]:
    """Cohorts this user may see the gradebook of: staff all, instructors their own."""
    cohorts = Cohort.objects.select_related("program").annotate(
        student_count=Count("enrolments", filter=Q(enrolments__status__in=ACTIVE_STATUSES))
    )
    if not user.is_staff:
        cohorts = cohorts.filter(instructors=user)
    return cohorts.order_by("-start_date", "pk")


def get_cohort_for_reviewer(request, cohort_id: int) -> Cohort:
    """The cohort if this user is staff or teaches it; 404 for everyone else."""
    cohorts = Cohort.objects.select_related("program")
    if not request.user.is_staff:
        cohorts = cohorts.filter(instructors=request.user)
    return get_object_or_404(cohorts, pk=cohort_id)


def get_student_in_cohort(*, cohort: Cohort, student_id: int):
    """A person with an enrolment in this cohort, or 404 (guessed ids see nothing)."""
    User = get_user_model()
    return get_object_or_404(
        User.objects.filter(enrolments__cohort=cohort).distinct(), pk=student_id
    )


def get_submission_for_reviewer(request, pk: int) -> Submission:
    """A submission whose cohort this user teaches (staff: any); its owner gets a 404 too."""
    submission = get_object_or_404(Submission.objects.select_related("cohort", "lab"), pk=pk)
    if can_review_submission(request.user, submission):
        return submission
    raise Http404("No such submission.")


# ----------------------------------------------------------------- gradebook


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

    @property
    def css(self) -> str:
        return STATUS_CELLS[self.status]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def text(self) -> str:
        symbol = STATUS_SYMBOLS[self.status]
        if self.best_score is None:
            return symbol
        return f"{symbol} {self.best_score:.3f}"


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
    """Run a values_list queryset without per-value converters (counts and floats only)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


PENDING_CODES = {0: None, 1: Submission.Status.QUEUED, 2: Submission.Status.GRADING}


def cohort_gradebook(
    *, cohort: Cohort, sort: str = "name", today: datetime.date | None = None
) -> Gradebook:
    """Students x labs with best scores, statuses, at-risk flags and per-lab stats.

    Three queries: labs with reference scores, the cohort's students with the time of
    their latest submission, and one aggregate row per (student, lab) over the cohort's
    submissions.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    columns = []
    for lab in labs_with_reference():  # query 1
        label, higher = metric_direction(lab.dataset.metric)
        due_on = lab.due_on(cohort)
        is_open = lab.opens_on(cohort) <= today
        columns.append(
            LabColumn(
                lab=lab,
                opens_on=lab.opens_on(cohort),
                due_on=due_on,
                is_open=is_open,
                is_overdue=is_open and due_on < today,
                reference_score=lab.reference_score,
                metric_label=label,
                higher_is_better=higher,
            )
        )
    # query 2: the students, each with the time of their latest submission (an index
    # lookup per student on cohort, student, created_at).
    latest = (
        Submission.objects.filter(cohort=cohort, student=OuterRef("user_id"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status__in=ACTIVE_STATUSES)
        .select_related("user")
        # What the gradebook and its CSV show of a student; the rest would be parsed
        # for nothing (500 students' timestamps cost about 10 ms).
        .only("user__username", "user__first_name", "user__last_name", "user__email")
        .annotate(last_submission_at=Subquery(latest))
        .order_by("user__username")
    )
    graded = Q(status=Submission.Status.GRADED)
    lower_is_better = [c.lab.pk for c in columns if not c.higher_is_better]
    # query 3: one row per (student, lab), read as raw tuples (15k rows for 500 x 30).
    # Few aggregates on purpose, each costs a pass: the best score is the maximum of
    # the score, negated where lower is better; pending is 2 grading, 1 queued, 0 none.
    per_cell = (
        Submission.objects.filter(cohort=cohort)
        .order_by()
        .values("student_id", "lab_id")
        .annotate(
            best=Max(
                Case(
                    When(graded & Q(lab_id__in=lower_is_better), then=-F("public_score")),
                    When(graded, then=F("public_score")),
                )
            ),
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
    aggregates = {(row[0], row[1]): row[2:] for row in _raw_rows(per_cell)}
    # queries 4-7 (courses): late policies, extensions, join dates, and the counted
    # submission per (student, lab) of the labs due for the cohort. Once a lab is due for
    # a student (their own date), the final result replaces the public one.
    results = course_selectors.cohort_results(
        cohort=cohort,
        labs=[c.lab for c in columns],
        counted_lab_ids=[c.lab.pk for c in columns if c.is_overdue],
    )
    due_columns = [column.is_overdue for column in columns]
    attempts_by_lab: list[list[int]] = [[] for _ in columns]
    rows = []
    idle_since = now - datetime.timedelta(days=AT_RISK_IDLE_DAYS)
    cohort_started_long_ago = cohort.start_date <= today - datetime.timedelta(
        days=AT_RISK_IDLE_DAYS
    )
    empty_cells = [
        Cell("overdue" if c.is_overdue else ("open" if c.is_open else "locked"), None, 0, 0)
        for c in columns
    ]
    lab_ids = [column.lab.pk for column in columns]
    for enrolment in enrolments:
        student = enrolment.user
        student_id = enrolment.user_id
        cells = []
        passed = overdue = 0
        repeated = []
        for index, column in enumerate(columns):
            agg = aggregates.get((student_id, lab_ids[index]))
            result = results.get(student_id, column.lab) if due_columns[index] else None
            is_overdue = result.is_due if result else column.is_overdue
            if agg is None:
                cell = empty_cells[index]
                if is_overdue != column.is_overdue:  # a personal due date (courses)
                    cell = Cell("overdue" if is_overdue else "open", None, 0, 0)
                cells.append(cell)
                overdue += cell.status == "overdue"
                continue
            best, attempts, passes, failures, pending_code = agg
            if best is not None and not column.higher_is_better:
                best = -best
            pending = PENDING_CODES[pending_code]
            has_passed = passes > 0
            if result and result.is_due:
                has_passed, best = result.final_passed, result.final_score
            status = _lab_status(
                is_open=True,  # a lab with submissions is shown as worked on
                is_overdue=is_overdue,
                has_passed=has_passed,
                pending=pending,
                graded=passes + failures,
            )
            cells.append(Cell(status, best, attempts, failures))
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
        flags = []
        joined_late = results.dues.joined_late(student_id)
        started_long_ago = cohort_started_long_ago and (
            joined_late is None or joined_late <= today - datetime.timedelta(days=AT_RISK_IDLE_DAYS)
        )
        if (last_at is None and started_long_ago) or (last_at and last_at < idle_since):
            flags.append(f"No submission for {AT_RISK_IDLE_DAYS} days")
        if overdue:
            flags.append(f"{overdue} lab{'s' if overdue != 1 else ''} overdue")
        if repeated:
            flags.append(f"{AT_RISK_FAILURES}+ failing attempts: {', '.join(repeated)}")
        rows.append(StudentRow(student, cells, passed, last_at, flags))
    for index, column in enumerate(columns):
        column.students = len(rows)
        column.attempted = len(attempts_by_lab[index])
        if attempts_by_lab[index]:
            column.median_attempts = statistics.median(attempts_by_lab[index])
    sort = _sort_rows(rows, columns, sort or "name")
    return Gradebook(
        cohort=cohort, today=today, columns=columns, rows=rows, sort=sort, due_dates=results.dues
    )


def student_submissions_in_cohort(*, cohort: Cohort, student) -> list[Submission]:
    """A student's submissions in one cohort, newest first, with their labs (one query)."""
    return list(
        Submission.objects.filter(cohort=cohort, student=student)
        .select_related("lab")
        .order_by("-created_at", "-pk")
    )
