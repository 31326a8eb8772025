"""Outcomes' test world: a finished cohort, its graduates, dropouts and job records."""

import datetime

from django.utils import timezone

from courses.models import CompletionDecision
from enrolment.models import Cohort, Enrolment, EnrolmentEvent
from outcomes.models import InFieldRole, IntentSurvey, JobRecord
from tests.enrolment.factories import CohortFactory, ProgramFactory
from tests.factories import UserFactory


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), timezone.get_current_timezone())


FINISHED_START = datetime.date(2027, 1, 4)


def finished_cohort(
    *, start: datetime.date = FINISHED_START, currency: str | None = None, **fields
) -> Cohort:
    """An Intensive cohort (12 weeks): by default 2027-01-04 to 2027-03-28, period 2027 H1;
    `currency` sets the program's (its price's, the report's first median)."""
    program = ProgramFactory()
    if currency is not None:
        program.currency = currency
        program.save(update_fields=["currency"])
    return CohortFactory(program=program, start_date=start, capacity=50, **fields)


def student(cohort: Cohort, *, status=Enrolment.Status.ENROLLED, username=None) -> Enrolment:
    user = UserFactory(**({"username": username} if username else {}))
    enrolment = Enrolment.objects.create(
        user=user,
        cohort=cohort,
        status=status,
        background=Enrolment.Background.OTHER,
        python_experience=Enrolment.Experience.SOME,
        java_experience=Enrolment.Experience.NONE,
        cpp_experience=Enrolment.Experience.NONE,
        motivation="A career change.",
    )
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        at=at_noon(cohort.start_date - datetime.timedelta(days=14)),
        to_status=Enrolment.Status.ENROLLED,
        to_cohort=cohort,
    )
    return enrolment


def graduate(cohort: Cohort, *, on: datetime.date | None = None, **kwargs) -> Enrolment:
    """A student completed on `on` (by default the day after the cohort's last day)."""
    enrolment = student(cohort, status=Enrolment.Status.COMPLETED, **kwargs)
    CompletionDecision.objects.create(
        enrolment=enrolment,
        kind=CompletionDecision.Kind.AUTOMATIC,
        completed=True,
        decided_at=at_noon(on or cohort.end_date + datetime.timedelta(days=1)),
    )
    return enrolment


def dropout(cohort: Cohort, *, on: datetime.date) -> Enrolment:
    enrolment = student(cohort, status=Enrolment.Status.WITHDRAWN)
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        at=at_noon(on),
        from_status=Enrolment.Status.ENROLLED,
        to_status=Enrolment.Status.WITHDRAWN,
    )
    return enrolment


def ml_engineer(program) -> InFieldRole:
    return InFieldRole.objects.get_or_create(program=program, title="ML engineer")[0]


def hire(
    enrolment: Enrolment,
    *,
    start: datetime.date,
    salary: int | None = 9_000_000,
    in_field=True,
    kind=JobRecord.Kind.FULL_TIME,
    currency="USD",
) -> JobRecord:
    return JobRecord.objects.create(
        enrolment=enrolment,
        status=JobRecord.Status.HIRED,
        employer="Acme",
        role_title="ML engineer" if in_field else "Barista",
        in_field_role=ml_engineer(enrolment.cohort.program) if in_field else None,
        kind=kind,
        start_date=start,
        base_salary_minor=salary,
        salary_currency=currency if salary is not None else "",
    )


def intent(enrolment: Enrolment, *, seeking=True, employed=False) -> IntentSurvey:
    return IntentSurvey.objects.create(
        enrolment=enrolment,
        seeks_in_field_job=seeking,
        authorised_to_work=True,
        employed_upskilling=employed,
    )
