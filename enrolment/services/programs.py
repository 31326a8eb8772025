"""The standard programs, and new cohorts of a program."""

import datetime

from enrolment.models import Cohort, Program
from enrolment.programs import DEFAULT_PROGRAMS, PROGRAM_FIELDS


def programs_ensure_defaults() -> list[Program]:
    """Create the two standard programs if they are missing (the migration normally has)."""
    return [
        Program.objects.get_or_create(
            slug=data["slug"], defaults={field: data[field] for field in PROGRAM_FIELDS}
        )[0]
        for data in DEFAULT_PROGRAMS
    ]


def cohort_create(
    *,
    program: Program,
    start_date: datetime.date,
    capacity: int,
    name: str = "",
    instructors=(),
) -> Cohort:
    cohort = Cohort(
        program=program,
        start_date=start_date,
        capacity=capacity,
        name=name or f"{program.name} {start_date:%B %Y}",
    )
    cohort.end_date = cohort.compute_end_date()
    cohort.full_clean()
    cohort.save()
    if instructors:
        cohort.instructors.add(*instructors)
    cohort_opened(cohort=cohort)
    return cohort


def cohort_opened(*, cohort: Cohort, actor=None) -> None:
    """A new cohort takes the people waiting on its program's interest list, in order."""
    from enrolment.services import interest  # interest -> changes -> ... imports models only

    interest.interest_list_place(cohort=cohort, actor=actor)
