"""After sign-up: seats and the waitlist, approval, withdrawal, deferral and staff moves."""

from django.core.exceptions import ValidationError
from django.db import transaction

from enrolment import outbox, selectors
from enrolment.models import Cohort, Enrolment, OutgoingEmail
from enrolment.services import rows

Status = Enrolment.Status
Email = OutgoingEmail.Kind


@transaction.atomic
def seat_release(
    *, enrolment: Enrolment, actor, to_status: str = Status.WITHDRAWN, note: str = ""
) -> list[Enrolment]:
    """Move an enrolled person out of their seat (to `to_status`) and give the freed seat to
    the head of the waitlist, who is told by email. Returns whoever was promoted."""
    (cohort,) = rows.lock_cohorts([enrolment.cohort_id])
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status != Status.ENROLLED:
        raise ValidationError(f"{rows.who(enrolment)} does not hold a seat.")
    rows.seat_free(cohort)
    rows.status_set(enrolment, to_status=to_status, actor=actor, note=note)
    return waitlist_promote(cohort=cohort, actor=actor, exclude_pk=enrolment.pk)


@transaction.atomic
def waitlist_promote(*, cohort: Cohort, actor=None, exclude_pk: int | None = None):
    """Fill the cohort's free seats from the head of its waitlist (unless it has finished)."""
    (cohort,) = rows.lock_cohorts([cohort.pk])
    promoted = []
    if cohort.status == Cohort.Status.FINISHED:
        return promoted
    while head := selectors.waitlist_head(cohort=cohort, exclude_pk=exclude_pk):
        if not rows.seat_take(cohort):
            break
        rows.status_set(
            head, to_status=Status.ENROLLED, actor=actor, note="promoted from the waitlist"
        )
        outbox.email_queue(enrolment=head, kind=Email.SEAT_OFFERED)
        promoted.append(head)
    return promoted


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, actor, note: str = "") -> Enrolment:
    """Give the applicant a seat in their cohort; refused when the cohort is full."""
    (cohort,) = rows.lock_cohorts([enrolment.cohort_id])
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status in (Status.ENROLLED, Status.COMPLETED):
        raise ValidationError(f"{rows.who(enrolment)} already has a seat.")
    if cohort.status == Cohort.Status.FINISHED:
        raise ValidationError(f"{cohort} has finished.")
    if not rows.seat_take(cohort):
        raise ValidationError(f"{cohort} is full ({cohort.capacity} seats).")
    rows.status_set(enrolment, to_status=Status.ENROLLED, actor=actor, note=note or "approved")
    outbox.email_queue(enrolment=enrolment, kind=Email.SEAT_OFFERED)
    return enrolment


@transaction.atomic
def enrolment_waitlist(*, enrolment: Enrolment, actor, note: str = "") -> Enrolment:
    """Put the enrolment at the end of its cohort's waitlist (freeing its seat if it had one)."""
    rows.lock_cohorts([enrolment.cohort_id])  # cohort before enrolment, as everywhere else
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status in (Status.WAITLISTED, Status.COMPLETED):
        raise ValidationError(
            f"{rows.who(enrolment)} cannot be waitlisted from {enrolment.status}."
        )
    if enrolment.status == Status.ENROLLED:
        seat_release(
            enrolment=enrolment, actor=actor, to_status=Status.WAITLISTED, note=note or "waitlisted"
        )
    else:
        rows.status_set(
            enrolment, to_status=Status.WAITLISTED, actor=actor, note=note or "waitlisted"
        )
    enrolment.refresh_from_db()
    outbox.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED)
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor, note: str = "") -> Enrolment:
    """Withdraw from the cohort; a freed seat goes to the head of the waitlist."""
    rows.lock_cohorts([enrolment.cohort_id])  # cohort before enrolment, as everywhere else
    enrolment = rows.lock_enrolment(enrolment)
    if enrolment.status not in Enrolment.HOLDING_A_PLACE:
        raise ValidationError(f"{rows.who(enrolment)} is already {enrolment.get_status_display()}.")
    note = note or "withdrawn"
    if enrolment.status == Status.ENROLLED:
        seat_release(enrolment=enrolment, actor=actor, to_status=Status.WITHDRAWN, note=note)
    else:
        rows.status_set(enrolment, to_status=Status.WITHDRAWN, actor=actor, note=note)
    enrolment.refresh_from_db()
    outbox.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED)
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
    """seat="try": a seat in the target if free, else its waitlist (deferral).
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
    was_seated = enrolment.status == Status.ENROLLED
    if seat == "try":
        status = Status.ENROLLED if rows.seat_take(new_cohort) else Status.WAITLISTED
    elif was_seated:
        if not rows.seat_take(new_cohort):
            raise ValidationError(
                {"cohort": f"{new_cohort} is full ({new_cohort.capacity} seats)."}
            )
        status = Status.ENROLLED
    else:
        status = enrolment.status
    if was_seated:
        rows.seat_free(old_cohort)
    rows.status_set(enrolment, to_status=status, to_cohort=new_cohort, actor=actor, note=note)
    if was_seated:
        waitlist_promote(cohort=old_cohort, actor=actor)
    outbox.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED)
    return enrolment
