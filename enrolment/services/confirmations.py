"""Email confirmation for self-registered accounts, and releasing seats held too long.

A sign-up that takes a seat holds it for ENROLMENT_CONFIRM_WITHIN_HOURS
(Enrolment.seat_held_until). Confirming the address (a signed link, enrolment/links.py)
keeps the seat; otherwise the beat task enrolment.release_unconfirmed_seats moves the
application to the end of the waitlist and offers the seat to the next person.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from enrolment import emails, hooks, links
from enrolment.models import EmailConfirmation, Enrolment
from enrolment.services import changes, rows

Status = Enrolment.Status


def confirmation_start(*, user) -> None:
    """A new self-registered account: its address is to be confirmed."""
    EmailConfirmation.objects.create(user=user)


def seat_hold_deadline():
    return timezone.now() + timedelta(hours=settings.ENROLMENT_CONFIRM_WITHIN_HOURS)


def is_confirmed(*, user) -> bool:
    return not EmailConfirmation.objects.filter(user=user, confirmed_at__isnull=True).exists()


@transaction.atomic
def email_confirm(*, token: str):
    """Confirm the address the token was made for; the seats it holds stay. Returns the
    user. Raises links.LinkExpired / links.LinkInvalid."""
    data = links.confirm_token_read(token)
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None or user.email.lower() != data.get("e"):
        raise links.LinkInvalid
    # Enrolment rows before the confirmation row, the order offers.offer_accept takes them.
    held = list(
        Enrolment.objects.select_for_update().filter(user=user, seat_held_until__isnull=False)
    )
    Enrolment.objects.filter(pk__in=[e.pk for e in held]).update(seat_held_until=None)
    for enrolment in held:
        if enrolment.status == Status.ENROLLED:
            hooks.seat_kept(enrolment)
    EmailConfirmation.objects.filter(user=user, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    return user


def confirmation_resend(*, user) -> None:
    """Email a fresh link (the account page's button)."""
    if is_confirmed(user=user):
        raise ValidationError("Your email address is already confirmed.")
    emails.email_queue(user=user, kind=emails.Kind.EMAIL_CONFIRMATION)


def unconfirmed_seats_release(*, now=None) -> int:
    """Seats held past their deadline by unconfirmed accounts go to the waitlist; the
    holder joins the end of it. Safe to run twice or on two beats at once."""
    now = now or timezone.now()
    due = list(
        Enrolment.objects.filter(status=Status.ENROLLED, seat_held_until__lte=now)
        .order_by("seat_held_until", "pk")
        .values_list("pk", "cohort_id")[:500]
    )
    return sum(_release_one(pk, cohort_id, now) for pk, cohort_id in due)


def _release_one(pk: int, cohort_id: int, now) -> bool:
    return seat_release_to_waitlist(
        enrolment_id=pk,
        cohort_id=cohort_id,
        note="email not confirmed in time",
        still_due=lambda e: e.seat_held_until is not None and e.seat_held_until <= now,
    )


@transaction.atomic
def seat_release_to_waitlist(*, enrolment_id: int, cohort_id: int, note: str, still_due) -> bool:
    """A seat whose hold ran out (email, or tuition's deposit) goes to the waitlist's head;
    its holder joins the end of it. `still_due(enrolment)` re-checks the hold under the
    cohort's and the enrolment's locks; False (kept meanwhile) releases nothing."""
    (cohort,) = rows.lock_cohorts([cohort_id])
    enrolment = rows.lock_enrolment(Enrolment(pk=enrolment_id))
    if (
        enrolment.cohort_id != cohort_id
        or enrolment.status != Status.ENROLLED
        or not still_due(enrolment)
    ):
        return False  # confirmed, paid, moved or released meanwhile
    rows.seat_free(cohort)
    enrolment.seat_held_until = None
    rows.status_set(enrolment, to_status=Status.WAITLISTED, actor=None, note=note)
    hooks.seat_lost(enrolment, None, cohort)
    emails.email_queue(enrolment=enrolment, kind=emails.Kind.ENROLMENT_CHANGED)
    changes.waitlist_promote(cohort=cohort, exclude_pk=enrolment.pk)
    return True
