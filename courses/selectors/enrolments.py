"""One student's enrolment read with what their results and completion need besides it."""

from django.db.models import FilteredRelation, OuterRef, Q, QuerySet, Subquery

from courses.selectors.deadlines import seat_events
from enrolment.models import Enrolment


def enrolments_with_standing(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """These enrolments, read with what one student's results and completion need besides
    their cohort: the program's completion rule, the valid certificate (`valid_certificate`,
    None if none) and when the student got their seat (`seated_at`). Joins on the one row
    the page reads anyway, instead of three queries of their own (enrolment_results,
    enrolment_completion)."""
    return (
        with_seated_at(enrolments)
        .alias(
            valid_certificate=FilteredRelation(
                # At most one row: a constraint allows one valid certificate per enrolment.
                "certificates",
                condition=Q(certificates__revoked_at=None),
            )
        )
        .select_related("cohort__program__completion_rule", "valid_certificate")
    )


def with_seated_at(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """These enrolments with `seated_at`, when the student got their seat in the cohort (an
    index lookup per row): pass {user id: seated_at} to cohort_results and it reads no join
    dates of its own."""
    first_seat = (
        seat_events(cohort=OuterRef("cohort_id"))
        .filter(enrolment=OuterRef("pk"))
        .order_by("at")
        .values("at")[:1]
    )
    return enrolments.annotate(seated_at=Subquery(first_seat))
