"""The student dashboard: every lab's status and best score, and one lab's history."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses import selectors as course_selectors
from enrolment.models import Cohort, Enrolment
from labs import access
from labs.grading import pass_threshold
from labs.models import Lab, Submission
from labs.selectors import current_reference, start_of_today
from labs.services.upload_rule import UploadRefusal, refusal_for
from progress.dashboards.statuses import (
    STATUS_BADGES,
    STATUS_LABELS,
    lab_status,
    labs_with_reference,
)
from teams import selectors as team_selectors


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
    # A reviewer's grade override in force (courses.GradeOverride): who, why, what. The
    # result already counts it; this is for the words beside the grade.
    override: object = None
    result: object = None  # courses.rules.LabResult: own due date, pass/fail and score
    # Why an upload would be refused now (labs.services.upload_rule), None if accepted.
    upload_refusal: UploadRefusal | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def is_pending(self) -> bool:
        return self.status in ("submitted", "grading")

    @property
    def is_closed(self) -> bool:
        """Past the student's own cutoff: no upload can change this lab any more."""
        return bool(self.upload_refusal and self.upload_refusal.code == "closed")


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
    team: str = ""  # the student's capstone team in the cohort, where they have one

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

    @property
    def closed_not_passed(self) -> int:
        return sum(1 for item in self.labs if item.is_closed and not item.has_passed)

    def percent(self, part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    @property
    def percent_of_open(self) -> int:
        return self.percent(self.passed, self.open_count)

    @property
    def percent_of_total(self) -> int:
        return self.percent(self.passed, self.total)


def _labs_with_own_uploads(*, user, day_start: datetime.datetime) -> QuerySet[Lab]:
    """The published labs (labs_with_reference), each with the student's own uploads
    counted in the same query: charged attempts, those charged since `day_start`, graded
    ones, and the status of the newest still pending (None when none is). The subqueries
    run on the (student, lab, created_at) index."""
    own = Submission.objects.filter(student=user, lab=OuterRef("pk")).order_by()

    def count(uploads):
        counted = uploads.values("lab").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted), 0)

    charged = own.filter(status__in=Submission.CHARGED)
    return labs_with_reference().annotate(
        own_attempts=count(charged),
        own_charged_today=count(charged.filter(created_at__gte=day_start)),
        own_graded=count(own.filter(status=Submission.Status.GRADED)),
        own_pending=Subquery(
            own.filter(status__in=Submission.PENDING)
            .order_by("-created_at", "-pk")
            .values("status")[:1]
        ),
    )


def student_dashboard(*, user, now: datetime.datetime | None = None) -> StudentDashboard | None:
    """Everything the student dashboard shows at `now`, in six queries; None if not
    enrolled. Pass/fail and scores are the course rules' LabResult, overrides included."""
    # query 1: the enrolment, cohort and program, with the program's completion rule, the
    # valid certificate and when the student got their seat (courses.selectors)
    enrolment = access.student_enrolment(
        user=user, enrolments=course_selectors.enrolments_with_standing(Enrolment.objects.all())
    )
    if enrolment is None:
        return None
    cohort = enrolment.cohort
    now = now or timezone.now()
    today = timezone.localdate(now)
    day_start = start_of_today(now)
    # query 2: labs, datasets, reference scores, and the student's own uploads per lab
    labs = list(_labs_with_own_uploads(user=user, day_start=day_start))
    # queries 3-6 (courses): late policies, extensions, counted submissions, grade
    # overrides in force. Due dates, pass/fail and scores are the course rules' LabResult.
    results = course_selectors.enrolment_results(enrolment=enrolment, labs=labs, now=now)

    progress = []
    for lab in labs:
        charged_today = lab.own_charged_today
        is_open = access.is_lab_open(lab=lab, cohort=cohort, today=today)
        result = results[lab.pk]
        has_passed = result.has_passed
        progress.append(
            LabProgress(
                lab=lab,
                opens_on=lab.opens_on(cohort),
                due_on=result.due_on,
                is_open=is_open,
                status=lab_status(
                    is_open=is_open,
                    is_overdue=result.is_due,
                    has_passed=has_passed,
                    pending=lab.own_pending,
                    # A teammate's milestone credited to them is graded work too.
                    graded=lab.own_graded + result.is_overridden + (result.counted is not None),
                ),
                best_score=result.score,
                reference_score=lab.reference_score,
                metric_label=lab.dataset.metric_label,
                higher_is_better=lab.dataset.higher_is_better,
                attempts=lab.own_attempts,
                attempts_left_today=max(lab.daily_limit - charged_today, 0),
                has_passed=has_passed,
                override=result.override,
                result=result,
                # No query: the rule intake applies, on the facts read above.
                upload_refusal=refusal_for(
                    lab=lab, cohort=cohort, result=result, charged_today=charged_today, now=now
                ),
            )
        )
    # A closed lab is never "next": no upload can change it (an extension reopens it).
    candidates = [p for p in progress if p.is_open and not p.has_passed and not p.is_closed]
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
        # no query: the completion rule and the certificate came with the enrolment
        completion=course_selectors.enrolment_completion(
            enrolment=enrolment, results=results, labs=labs
        ),
        # one query when the capstone's milestones are among the labs: their team's name
        team=(
            team_selectors.team_names_for(cohort=cohort, student_ids=[user.pk]).get(user.pk, "")
            if any(lab.is_milestone for lab in labs)
            else ""
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

    def charged_since(self, moment: datetime.datetime) -> int:
        """Uploads since `moment` that count against the daily limit (as
        labs.selectors.submissions_charged_today counts them)."""
        return sum(
            1 for s in self.submissions if s.status in Submission.CHARGED and s.created_at >= moment
        )


def lab_history(*, lab: Lab, student, result) -> LabHistory:
    """One student's submissions for one lab, oldest first, with the reference score and
    the best public score of their result (courses.rules.LabResult)."""
    current = current_reference(lab=lab)
    reference = current.public_score if current else None
    submissions = list(
        Submission.objects.filter(lab=lab, student=student).order_by("created_at", "pk")
    )
    higher = lab.dataset.higher_is_better
    return LabHistory(
        lab=lab,
        submissions=submissions,
        reference_score=reference,
        # The same bar the grader applies (labs.grading.passes).
        threshold=pass_threshold(reference, ratio=lab.pass_ratio, higher_is_better=higher),
        metric_label=lab.dataset.metric_label,
        higher_is_better=higher,
        best_score=result.best_public,
    )
