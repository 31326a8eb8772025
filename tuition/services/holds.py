"""A deposit not paid in time: the seat goes to the waitlist through enrolment's own
release (the next person gets an offer), and the account is marked released."""

from django.utils import timezone

from enrolment.models import Enrolment
from enrolment.services import confirmations
from tuition.models import TuitionAccount

Status = TuitionAccount.Status


def unpaid_deposits_release(*, now=None) -> int:
    """The beat: release every seat whose deposit is overdue. Safe to run twice."""
    now = now or timezone.now()
    # Awaiting a deposit for a seat no longer held (waitlisted or withdrawn through a path
    # that did not tell tuition): closed here, or they would fill every run's batch and
    # release nothing, and newer overdue deposits would never be released.
    TuitionAccount.objects.filter(status=Status.AWAITING_DEPOSIT).exclude(
        enrolment__status=Enrolment.Status.ENROLLED
    ).update(status=Status.RELEASED)
    due = (
        TuitionAccount.objects.filter(
            status=Status.AWAITING_DEPOSIT,
            deposit_due_at__lte=now,
            enrolment__status=Enrolment.Status.ENROLLED,
        )
        .order_by("deposit_due_at", "pk")
        .values_list("pk", "enrolment_id", "enrolment__cohort_id")[:500]
    )
    released = 0
    for account_id, enrolment_id, cohort_id in list(due):
        released += confirmations.seat_release_to_waitlist(
            enrolment_id=enrolment_id,
            cohort_id=cohort_id,
            note="deposit not paid in time",
            still_due=lambda enrolment, pk=account_id: _mark_released(pk, now),
        )
    return released


def _mark_released(account_id: int, now) -> bool:
    """Under the cohort's and enrolment's locks: still unpaid? Then it is released."""
    return bool(
        TuitionAccount.objects.filter(
            pk=account_id, status=Status.AWAITING_DEPOSIT, deposit_due_at__lte=now
        ).update(status=Status.RELEASED)
    )
