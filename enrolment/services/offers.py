"""Seat offers: accept, decline, and the deadline that passes an unanswered seat on.

An offer holds a seat already counted in the cohort's seats_taken (changes.waitlist_promote
or changes.enrolment_approve made it). Every step locks the cohort row, then the enrolment,
then re-reads the offer, as the other seat services do: two beats, a double click and a
late answer all serialize on the cohort and find the offer already closed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from enrolment import emails, hooks
from enrolment.models import EmailConfirmation, Enrolment, Offer
from enrolment.services import changes, rows

Status = Enrolment.Status


def _lock(offer_id: int) -> tuple[Offer, Enrolment]:
    enrolment_id = Offer.objects.values_list("enrolment_id", flat=True).get(pk=offer_id)
    cohort_id = Enrolment.objects.values_list("cohort_id", flat=True).get(pk=enrolment_id)
    rows.lock_cohorts([cohort_id])
    enrolment = rows.lock_enrolment(Enrolment(pk=enrolment_id))
    offer = Offer.objects.select_for_update().get(pk=offer_id)
    if enrolment.cohort_id != cohort_id:  # moved between the two reads: lock the new one
        raise ValidationError("This offer changed a moment ago. Open the link again.")
    return offer, enrolment


def _refuse_closed(offer: Offer) -> None:
    if offer.status != Offer.Status.PENDING:
        raise ValidationError(f"This offer is already closed: {offer.get_status_display()}.")
    if offer.has_expired:
        raise ValidationError(
            f"This offer expired on {timezone.localtime(offer.expires_at):%-d %B %Y at %H:%M}; "
            "the seat has passed to the next person on the waitlist."
        )


@transaction.atomic
def offer_accept(*, offer_id: int) -> Enrolment:
    """The person says yes: the held seat becomes theirs. The signed link they used came
    to their address, so it also confirms the email."""
    offer, enrolment = _lock(offer_id)
    _refuse_closed(offer)
    Offer.objects.filter(pk=offer.pk).update(
        status=Offer.Status.ACCEPTED, decided_at=timezone.now()
    )
    enrolment.seat_held_until = None
    rows.status_set(enrolment, to_status=Status.ENROLLED, actor=enrolment.user, note="accepted")
    EmailConfirmation.objects.filter(user=enrolment.user, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    hooks.seat_kept(enrolment)
    return enrolment


@transaction.atomic
def offer_decline(*, offer_id: int) -> Enrolment:
    """The person says no: they leave the cohort and the seat goes to the next in line."""
    offer, enrolment = _lock(offer_id)
    _refuse_closed(offer)
    _close_and_pass_on(offer, enrolment, to_status=Offer.Status.DECLINED, note="offer declined")
    return enrolment


def offers_expire(*, now=None) -> int:
    """Close offers past their deadline and offer each seat to the next person. Safe to
    run twice or on two beats at once: each offer is re-read under its cohort's lock."""
    now = now or timezone.now()
    due = list(
        Offer.objects.filter(status=Offer.Status.PENDING, expires_at__lte=now)
        .order_by("expires_at", "pk")
        .values_list("pk", flat=True)[:500]
    )
    expired = 0
    for offer_id in due:
        try:
            expired += _expire_one(offer_id, now)
        except ValidationError:
            continue  # moved to another cohort this instant: the next run takes it
    return expired


@transaction.atomic
def _expire_one(offer_id: int, now) -> bool:
    offer, enrolment = _lock(offer_id)
    if offer.status != Offer.Status.PENDING or offer.expires_at > now:
        return False  # answered, extended or expired by another run meanwhile
    _close_and_pass_on(offer, enrolment, to_status=Offer.Status.EXPIRED, note="offer expired")
    return True


def _close_and_pass_on(offer: Offer, enrolment: Enrolment, *, to_status: str, note: str):
    Offer.objects.filter(pk=offer.pk).update(status=to_status, decided_at=timezone.now())
    rows.seat_free(enrolment.cohort)
    enrolment.seat_held_until = None
    rows.status_set(enrolment, to_status=Status.WITHDRAWN, actor=None, note=note)
    emails.email_queue(enrolment=enrolment, kind=emails.Kind.ENROLMENT_CHANGED)
    changes.waitlist_promote(cohort=enrolment.cohort, exclude_pk=enrolment.pk)
