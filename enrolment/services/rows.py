"""The steps every enrolment change is made of: locks, seats, status changes, history.

For the services in this package only; views and admin call the services.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from enrolment.models import Cohort, Enrolment, EnrolmentEvent, Offer

Status = Enrolment.Status
APPLICATION_DETAILS = (
    "background",
    "python_experience",
    "java_experience",
    "cpp_experience",
    "motivation",
)


def lock_cohorts(pks, *, keep_order: bool = False) -> list[Cohort]:
    """Lock cohort rows, always in (start_date, pk) order so two transactions never wait on
    each other in a cycle. Returns them in that order, or in the order of `pks`."""
    cohorts = list(
        Cohort.objects.select_for_update(of=("self",))
        .select_related("program")
        .filter(pk__in=pks)
        .order_by("start_date", "pk")
    )
    if keep_order:
        by_pk = {cohort.pk: cohort for cohort in cohorts}
        return [by_pk[pk] for pk in pks]
    return cohorts


def lock_enrolment(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("user", "cohort__program")
        .get(pk=enrolment.pk)
    )


def seat_take(cohort: Cohort) -> bool:
    taken = Cohort.objects.filter(pk=cohort.pk, seats_taken__lt=F("capacity")).update(
        seats_taken=F("seats_taken") + 1
    )
    if taken:
        cohort.seats_taken += 1
    return bool(taken)


def seat_free(cohort: Cohort) -> None:
    if Cohort.objects.filter(pk=cohort.pk, seats_taken__gt=0).update(
        seats_taken=F("seats_taken") - 1
    ):
        cohort.seats_taken -= 1


def enrolment_insert(*, user, cohort, status, actor, details, note, now=None) -> Enrolment:
    if Enrolment.objects.filter(user=user, cohort=cohort).exists():
        raise ValidationError({"cohort": f"{user} already has a place in {cohort}."})
    # Taken while the cohort row is locked, so created_at follows the order of arrival.
    now = now or timezone.now()
    enrolment = Enrolment(user=user, cohort=cohort, status=status, created_at=now, **details)
    enrolment.save()
    event_record(
        enrolment,
        actor=actor,
        from_status="",
        from_cohort=None,
        note=note or "enrolled",
        at=now,
    )
    return enrolment


def status_set(enrolment, *, to_status, actor, note, to_cohort=None) -> None:
    from_status, from_cohort = enrolment.status, enrolment.cohort
    enrolment.status = to_status
    if to_cohort is not None:
        enrolment.cohort = to_cohort
    if to_status == Status.WAITLISTED and (
        from_status != Status.WAITLISTED or from_cohort != enrolment.cohort
    ):
        # created_at is the place in the cohort's queue: joining a waitlist means the end.
        enrolment.created_at = timezone.now()
    enrolment.save(
        update_fields=["status", "cohort", "created_at", "seat_held_until", "updated_at"]
    )
    event_record(
        enrolment, actor=actor, from_status=from_status, from_cohort=from_cohort, note=note
    )


def event_record(enrolment, *, actor, from_status, from_cohort, note, at=None) -> EnrolmentEvent:
    return EnrolmentEvent.objects.create(
        at=at or timezone.now(),
        enrolment=enrolment,
        actor=actor if getattr(actor, "pk", None) else None,
        from_status=from_status,
        to_status=enrolment.status,
        from_cohort=from_cohort,
        to_cohort=enrolment.cohort,
        note=note[:200],
    )


def offer_make(enrolment, *, actor, note: str) -> Offer:
    """Hold the seat (already taken by the caller) for this person until they answer."""
    hours = enrolment.cohort.program.offer_hours
    now = timezone.now()
    status_set(enrolment, to_status=Status.OFFERED, actor=actor, note=note)
    return Offer.objects.create(
        enrolment=enrolment, created_at=now, expires_at=now + timedelta(hours=hours)
    )


def offer_close(enrolment, *, to_status: str) -> None:
    """End the enrolment's pending offer, if any (accepted, declined, expired, cancelled)."""
    Offer.objects.filter(enrolment=enrolment, status=Offer.Status.PENDING).update(
        status=to_status, decided_at=timezone.now()
    )


def who(enrolment: Enrolment) -> str:
    return enrolment.user.get_full_name() or enrolment.user.get_username()
