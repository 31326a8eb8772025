"""The interest list: sign-ups for a program with no cohort open, placed when one opens."""

from django.db import transaction
from django.utils import timezone

from enrolment import emails
from enrolment.models import Cohort, Enrolment, Interest, Program
from enrolment.services import changes, rows

Status = Enrolment.Status


def interest_create(*, user, program: Program, details: dict) -> Interest:
    """Put the person on the program's list (in the caller's transaction) and email them."""
    interest = Interest.objects.create(
        user=user, program=program, created_at=timezone.now(), **details
    )
    emails.email_queue(interest=interest, kind=emails.Kind.INTEREST_RECEIVED)
    return interest


@transaction.atomic
def interest_list_place(*, cohort: Cohort, actor=None) -> list[Enrolment]:
    """A cohort opened: everyone waiting on its program's list joins it in sign-up order,
    as applications to review (reviewed programs) or on its waitlist, whose head is then
    offered the free seats. Safe to call twice: placed entries are not waiting any more."""
    (cohort,) = rows.lock_cohorts([cohort.pk])
    if not cohort.is_accepting_applications:
        return []
    reviewed = cohort.program.admission == cohort.program.Admission.REVIEWED
    waiting = (
        Interest.objects.select_for_update(skip_locked=True)
        .filter(program=cohort.program, status=Interest.Status.WAITING)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    placed = []
    for interest in waiting:
        if Enrolment.objects.filter(user=interest.user, cohort=cohort).exists():
            continue
        details = {field: getattr(interest, field) for field in rows.APPLICATION_DETAILS}
        enrolment = rows.enrolment_insert(
            user=interest.user,
            cohort=cohort,
            status=Status.APPLIED if reviewed else Status.WAITLISTED,
            actor=actor,
            details=details,
            note="placed from the interest list",
        )
        interest.status, interest.enrolment = Interest.Status.PLACED, enrolment
        interest.save(update_fields=["status", "enrolment"])
        placed.append(enrolment)
    if reviewed:
        for enrolment in placed:
            emails.email_queue(enrolment=enrolment, kind=emails.Kind.APPLICATION_RECEIVED)
        return placed
    offered = {e.pk for e in changes.waitlist_promote(cohort=cohort, actor=actor)}
    for enrolment in placed:
        if enrolment.pk not in offered:
            emails.email_queue(enrolment=enrolment, kind=emails.Kind.ENROLMENT_CHANGED)
    return placed
