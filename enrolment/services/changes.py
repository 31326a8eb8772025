"""After sign-up: seats and the waitlist, approval, withdrawal, deferral and staff moves."""

from django.core.exceptions import ValidationError
from django.db import transaction

from enrolment import emails, hooks, selectors
from enrolment.models import Cohort, Enrolment, Offer
from enrolment.services import rows

Status = Enrolment.Status
Email = emails.Kind


@transaction.atomic
def seat_release(
    *, enrolment: Enrolment, actor, to_status: str = Status.WITHDRAWN, note: str = ""
) -> list[Enrolment]:
    """Move a person out of the seat they hold or were offered (to `to_status`) and offer
    the freed seat to the head of the waitlist. Returns whoever was offered a seat."""
    (cohort,) = rows.lock_cohorts([enrolment.cohort_id])
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status not in Enrolment.HOLDING_A_SEAT:
        raise ValidationError(f"{rows.who(enrolment)} does not hold a seat.")
    rows.seat_free(cohort)
    rows.offer_close(enrolment, to_status=Offer.Status.CANCELLED)
    enrolment.seat_held_until = None
    rows.status_set(enrolment, to_status=to_status, actor=actor, note=note)
    return waitlist_promote(cohort=cohort, actor=actor, exclude_pk=enrolment.pk)


@transaction.atomic
def waitlist_promote(*, cohort: Cohort, actor=None, exclude_pk: int | None = None):
    """Offer the cohort's free seats to the head of its waitlist, in order (unless it has
    finished). Each seat is held for the person until they accept or the offer expires;
    nobody is enrolled without saying yes."""
    (cohort,) = rows.lock_cohorts([cohort.pk])
    offered = []
    if cohort.status == Cohort.Status.FINISHED:
        return offered
    while head := selectors.waitlist_head(cohort=cohort, exclude_pk=exclude_pk):
        if not rows.seat_take(cohort):
            break
        head = rows.lock_enrolment(head)
        rows.offer_make(head, actor=actor, note="seat offered from the waitlist")
        emails.email_queue(enrolment=head, kind=Email.SEAT_OFFERED)
        offered.append(head)
    return offered


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, actor, note: str = "") -> Enrolment:
    """Staff accept an application or pick someone off the waitlist: a seat is offered
    (the person still has to accept it). When the cohort is full an application joins
    the end of the waitlist instead; a waitlisted person is refused."""
    (cohort,) = rows.lock_cohorts([enrolment.cohort_id])
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status not in (Status.APPLIED, Status.WAITLISTED):
        raise ValidationError(
            f"{rows.who(enrolment)} is {enrolment.get_status_display().lower()}: "
            "only applications and waitlisted people can be offered a seat."
        )
    if cohort.status == Cohort.Status.FINISHED:
        raise ValidationError(f"{cohort} has finished.")
    if rows.seat_take(cohort):
        rows.offer_make(enrolment, actor=actor, note=note or "accepted: seat offered")
        emails.email_queue(enrolment=enrolment, kind=Email.SEAT_OFFERED)
    elif enrolment.status == Status.APPLIED:
        rows.status_set(
            enrolment, to_status=Status.WAITLISTED, actor=actor, note=note or "accepted: full"
        )
        emails.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED)
    else:
        raise ValidationError(f"{cohort} is full ({cohort.capacity} seats).")
    return enrolment


@transaction.atomic
def enrolment_reject(*, enrolment: Enrolment, actor, message: str = "") -> Enrolment:
    """Staff turn down an application (or a waitlisted person); the email carries the
    optional message."""
    rows.lock_cohorts([enrolment.cohort_id])  # cohort before enrolment, as everywhere else
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status not in (Status.APPLIED, Status.WAITLISTED):
        raise ValidationError(
            f"{rows.who(enrolment)} is {enrolment.get_status_display().lower()}: "
            "withdraw them instead."
        )
    rows.status_set(enrolment, to_status=Status.REJECTED, actor=actor, note="not admitted")
    emails.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED, message=message)
    return enrolment


@transaction.atomic
def enrolment_waitlist(*, enrolment: Enrolment, actor, note: str = "") -> Enrolment:
    """Put the enrolment at the end of its cohort's waitlist (freeing its seat if it had one:
    the seat-lost hook tells tuition)."""
    (cohort,) = rows.lock_cohorts([enrolment.cohort_id])  # cohort before enrolment, as always
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status not in (Status.APPLIED, Status.OFFERED, Status.ENROLLED):
        raise ValidationError(
            f"{rows.who(enrolment)} cannot be waitlisted from {enrolment.status}."
        )
    held = enrolment.status in Enrolment.HOLDING_A_SEAT
    if held:
        seat_release(
            enrolment=enrolment, actor=actor, to_status=Status.WAITLISTED, note=note or "waitlisted"
        )
    else:
        rows.status_set(
            enrolment, to_status=Status.WAITLISTED, actor=actor, note=note or "waitlisted"
        )
    enrolment.refresh_from_db()
    if held:
        hooks.seat_lost(enrolment, actor, cohort)
    emails.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED)
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor, note: str = "") -> Enrolment:
    """Withdraw from the cohort; a freed seat goes to the head of the waitlist."""
    rows.lock_cohorts([enrolment.cohort_id])  # cohort before enrolment, as everywhere else
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status not in Enrolment.HOLDING_A_PLACE:
        raise ValidationError(f"{rows.who(enrolment)} is already {enrolment.get_status_display()}.")
    note = note or "withdrawn"
    if enrolment.status in Enrolment.HOLDING_A_SEAT:
        seat_release(enrolment=enrolment, actor=actor, to_status=Status.WITHDRAWN, note=note)
    else:
        rows.status_set(enrolment, to_status=Status.WITHDRAWN, actor=actor, note=note)
    enrolment.refresh_from_db()
    hooks.withdrawn(enrolment, actor)
    emails.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED)
    return enrolment


def enrolment_reminders_set(*, enrolment: Enrolment, wanted: bool) -> None:
    """Turn the due-date reminder emails of this enrolment on or off."""
    Enrolment.objects.filter(pk=enrolment.pk).update(due_reminders=wanted)
    enrolment.due_reminders = wanted


@transaction.atomic
def enrolment_defer(*, enrolment: Enrolment, to_cohort: Cohort, actor) -> Enrolment:
    """The student moves to a later cohort of the same program: a seat there, else its
    waitlist. The seat they leave goes to the head of the old cohort's waitlist."""
    if to_cohort.program_id != enrolment.cohort.program_id:
        raise ValidationError({"cohort": "You can only defer to a cohort of the same program."})
    if to_cohort.start_date <= enrolment.cohort.start_date:
        raise ValidationError({"cohort": "Pick a cohort that starts later than yours."})
    if not to_cohort.is_accepting_applications:
        raise ValidationError({"cohort": "That cohort has already started."})
    return _cohort_change(
        enrolment=enrolment, to_cohort=to_cohort, actor=actor, seat="try", note="deferred"
    )


@transaction.atomic
def enrolment_move(*, enrolment: Enrolment, to_cohort: Cohort, actor, note: str = "") -> Enrolment:
    """Staff move an enrolment to another cohort (any program). An enrolled person needs a
    free seat there (else the move is refused); a waitlisted one joins the end of its list."""
    if to_cohort.status == Cohort.Status.FINISHED:
        raise ValidationError({"cohort": f"{to_cohort} has finished."})
    return _cohort_change(
        enrolment=enrolment, to_cohort=to_cohort, actor=actor, seat="keep", note=note or "moved"
    )


def _cohort_change(*, enrolment, to_cohort, actor, seat: str, note: str) -> Enrolment:
    """seat="try": a seat in the target if free, else its waitlist (deferral; the seat-lost
    hook tells tuition).
    seat="keep": an enrolled person must get a seat, others keep their status (staff move)."""
    old_cohort, new_cohort = rows.lock_cohorts([enrolment.cohort_id, to_cohort.pk], keep_order=True)
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status not in Enrolment.HOLDING_A_PLACE:
        raise ValidationError(f"{rows.who(enrolment)} is {enrolment.get_status_display().lower()}.")
    if new_cohort.pk == old_cohort.pk:
        raise ValidationError({"cohort": "That is the cohort they are already in."})
    if Enrolment.objects.filter(user_id=enrolment.user_id, cohort=new_cohort).exists():
        raise ValidationError(
            {"cohort": f"{rows.who(enrolment)} already has a place in {new_cohort}."}
        )
    held = enrolment.status in Enrolment.HOLDING_A_SEAT
    if enrolment.status == Status.APPLIED:
        status = Status.APPLIED  # still to be reviewed, in the new cohort
    elif seat == "try":
        # The student asks for it: a seat (an offer stays an offer), else the waitlist.
        if rows.seat_take(new_cohort):
            status = Status.OFFERED if enrolment.status == Status.OFFERED else Status.ENROLLED
        else:
            status = Status.WAITLISTED
    elif held:
        if not rows.seat_take(new_cohort):
            raise ValidationError(
                {"cohort": f"{new_cohort} is full ({new_cohort.capacity} seats)."}
            )
        status = enrolment.status
    else:
        status = enrolment.status
    if held:
        rows.seat_free(old_cohort)
        if status != Status.OFFERED:
            rows.offer_close(enrolment, to_status=Offer.Status.CANCELLED)
    rows.status_set(enrolment, to_status=status, to_cohort=new_cohort, actor=actor, note=note)
    if held and status not in Enrolment.HOLDING_A_SEAT:
        hooks.seat_lost(enrolment, actor, old_cohort)
    if held:
        waitlist_promote(cohort=old_cohort, actor=actor)
    emails.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED)
    return enrolment
