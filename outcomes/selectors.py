"""Reads for the outcomes: the facts behind a report (a fixed number of queries whatever the
number of students), a graduate's own records, a cohort's pipeline and the auditor's rows."""

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from courses.models import CompletionDecision
from enrolment.models import Cohort, Enrolment, EnrolmentEvent, Program
from outcomes import rules
from outcomes.models import JobRecord, PublishedReport

# Who is in the denominator: everyone who held a seat once the cohort began. A withdrawal
# before the first day is not a dropout (the seat went to someone else).
COUNTED_STATUSES = (
    Enrolment.Status.ENROLLED,
    Enrolment.Status.COMPLETED,
    Enrolment.Status.WITHDRAWN,
)


def _in_period(prefix: str, *, program: Program, period: rules.Period, today) -> dict:
    """The filter for rows of the program's cohorts whose last scheduled day is in the
    period (a cohort belongs to the half-year of its scheduled graduation) and has passed:
    a cohort still running is in no report yet."""
    return {
        f"{prefix}cohort__program": program,
        f"{prefix}cohort__end_date__gte": period.start,
        f"{prefix}cohort__end_date__lte": min(period.end, today - datetime.timedelta(days=1)),
    }


def period_enrolments(
    *, program: Program, period: rules.Period, today: datetime.date | None = None
) -> QuerySet[Enrolment]:
    where = _in_period("", program=program, period=period, today=today or timezone.localdate())
    return Enrolment.objects.filter(status__in=COUNTED_STATUSES, **where)


def report_facts(
    *, program: Program, period: rules.Period, today: datetime.date | None = None
) -> list[rules.StudentFacts]:
    """Four queries whatever the number of students: the counted enrolments with their
    intent, their graduation dates, their seat and withdrawal dates, their job records.
    Dates are taken in the site's time zone by the database (TruncDate), not row by row."""
    today = today or timezone.localdate()
    where = _in_period("enrolment__", program=program, period=period, today=today)
    rows = period_enrolments(program=program, period=period, today=today).values_list(
        "pk",
        "status",
        "cohort__start_date",
        "cohort__end_date",
        "intent__seeks_in_field_job",
        "intent__employed_upskilling",
    )
    graduated = dict(
        CompletionDecision.objects.filter(
            completed=True, enrolment__status=Enrolment.Status.COMPLETED, **where
        )
        .order_by("decided_at", "pk")
        .values_list("enrolment_id", TruncDate("decided_at"))
    )  # the newest decision wins
    seated, withdrawn = set(), {}
    # Only a withdrawn student's history matters: did they hold a seat, and leave when?
    events = EnrolmentEvent.objects.filter(
        to_status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WITHDRAWN),
        enrolment__status=Enrolment.Status.WITHDRAWN,
        **where,
    ).order_by("at", "pk")
    for enrolment_id, to_status, day in events.values_list(
        "enrolment_id", "to_status", TruncDate("at")
    ):
        if to_status == Enrolment.Status.ENROLLED:
            seated.add(enrolment_id)
        else:
            withdrawn[enrolment_id] = day
    students = {}
    for pk, status, start, end, seeks, employed in rows:
        if status == Enrolment.Status.WITHDRAWN and not (
            pk in seated and withdrawn.get(pk, start) >= start
        ):
            continue  # left before the first day: the seat went to someone else
        # Positional: ten thousand of these are built per report (bench/outcomes.py).
        students[pk] = rules.StudentFacts(
            pk, start, end, graduated.get(pk), None if seeks is None else seeks and not employed
        )
    records = JobRecord.objects.filter(**where).order_by("updated_at", "pk")
    for row in records.values_list(
        "enrolment_id",
        "status",
        "start_date",
        "in_field_role_id",
        "kind",
        "base_salary_minor",
        "salary_currency",
        "evidence_state",
        "pk",
    ):
        enrolment_id, status, start_date, role_id, kind, salary, currency, evidence, pk = row
        facts = students.get(enrolment_id)
        if facts is None:
            continue
        facts.latest_status = status  # ordered oldest first: the last one wins
        if status == JobRecord.Status.HIRED:
            facts.hires.append(
                rules.Hire(start_date, role_id is not None, kind, salary, currency, evidence, pk)
            )
    return list(students.values())


def report_compute(*, program: Program, period: rules.Period) -> dict:
    students = report_facts(program=program, period=period)
    return rules.report_figures(students, currency=program.currency)


def periods_with_cohorts(*, program: Program, today: datetime.date | None = None):
    """The periods in which the program has cohorts that have begun, newest first."""
    today = today or timezone.localdate()
    ends = Cohort.objects.filter(program=program, start_date__lte=today).values_list(
        "end_date", flat=True
    )
    return sorted({rules.Period.containing(end) for end in ends}, reverse=True)


def published_reports_latest() -> list[PublishedReport]:
    """The newest version of each program's published period, newest periods first."""
    latest = {}
    for report in PublishedReport.objects.select_related("program").order_by(
        "-year", "-half", "program__ordering", "-version"
    ):
        latest.setdefault((report.program_id, report.year, report.half), report)
    return list(latest.values())


def graduate_enrolment(*, user) -> Enrolment | None:
    """The graduate's newest completed enrolment (the one their records belong to)."""
    return (
        Enrolment.objects.filter(user=user, status=Enrolment.Status.COMPLETED)
        .select_related("cohort__program")
        .order_by("-cohort__end_date")
        .first()
    )


def records_of(*, enrolment: Enrolment) -> QuerySet[JobRecord]:
    return JobRecord.objects.filter(enrolment=enrolment).select_related("in_field_role")


def records_of_user(*, user) -> QuerySet[JobRecord]:
    return (
        JobRecord.objects.filter(enrolment__user=user)
        .select_related("in_field_role", "enrolment__cohort")
        .order_by("-updated_at", "-pk")
    )


def cohort_pipeline(*, cohort: Cohort, now: datetime.datetime | None = None) -> list[dict]:
    """Each graduate of the cohort with their newest record, for career staff: searching,
    stale (no update for 30 days), hired, and whether a hire's evidence is unverified."""
    now = now or timezone.now()
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.COMPLETED)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )
    by_enrolment = defaultdict(list)
    for record in JobRecord.objects.filter(enrolment__cohort=cohort).order_by("-updated_at", "-pk"):
        by_enrolment[record.enrolment_id].append(record)
    rows = []
    for enrolment in enrolments:
        records = by_enrolment.get(enrolment.pk, [])
        latest = records[0] if records else None
        hired = next((r for r in records if r.status == JobRecord.Status.HIRED), None)
        rows.append(
            {
                "enrolment": enrolment,
                "latest": latest,
                "hired": hired,
                # Thirty whole days without news is stale (the page's "no news for 30
                # days"); the 29th day is not.
                "is_stale": latest is None or now - latest.updated_at >= STALE_AFTER,
                "is_unverified": bool(
                    hired and hired.evidence_state != JobRecord.Evidence.VERIFIED
                ),
            }
        )
    return rows


STALE_AFTER = datetime.timedelta(days=30)
