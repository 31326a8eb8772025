"""Enrolment business rules: sign-up, seats, the waitlist and every move between them.

Seats are taken with a conditional update on the cohort row (backed by the
cohort_seats_within_capacity constraint) while that row is locked, so concurrent
sign-ups are serialized per cohort and never over-allocate. Every change of an
enrolment's status or cohort is recorded as an EnrolmentEvent.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from enrolment import outbox, selectors
from enrolment.models import Cohort, Enrolment, EnrolmentEvent, OutgoingEmail, Program
from enrolment.programs import DEFAULT_PROGRAMS, PROGRAM_FIELDS

Status = Enrolment.Status
Email = OutgoingEmail.Kind
NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 150  # the email is also the username (150 characters at most)
MOTIVATION_MAX_LENGTH = Enrolment._meta.get_field("motivation").max_length
DETAIL_FIELDS = ("background", "python_experience", "java_experience", "cpp_experience")


# ---------------------------------------------------------------- programs and cohorts


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
    return cohort


# ---------------------------------------------------------------- accounts


def user_create(*, name: str, email: str, password: str | None):
    """A student account; the email (lower-cased) is also the username."""
    User = get_user_model()
    name = " ".join(name.split())
    email = email.strip().lower()
    if not name:
        raise ValidationError({"name": "Please tell us your name."})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": f"Keep your name under {NAME_MAX_LENGTH} characters."})
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError({"email": f"Use an email under {EMAIL_MAX_LENGTH} characters."})
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError({"email": DUPLICATE_EMAIL})
    first_name, _, last_name = name.partition(" ")
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError({"email": "This email cannot be used as a login."}) from error
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # the same email signed up a moment ago
        raise ValidationError({"email": DUPLICATE_EMAIL}) from error
    return user


DUPLICATE_EMAIL = "An account with this email already exists. Log in instead."


# ---------------------------------------------------------------- sign-up


@transaction.atomic
def application_submit(
    *,
    name: str,
    email: str,
    password: str | None,
    program: Program,
    cohort: Cohort | None = None,
    background: str,
    python_experience: str,
    java_experience: str,
    cpp_experience: str,
    motivation: str,
) -> Enrolment:
    """Create the account and the application in one transaction: a seat, else the waitlist.

    `cohort=None` means the next available cohort of the program: the earliest with a free
    seat, else the waitlist of the earliest one taking applications. The confirmation email
    is published only once the transaction commits (enrolment/outbox.py).
    """
    details = _clean_details(
        background=background,
        python_experience=python_experience,
        java_experience=java_experience,
        cpp_experience=cpp_experience,
        motivation=motivation,
    )
    if cohort is not None and cohort.program_id != program.pk:
        raise ValidationError({"cohort": "That cohort belongs to the other program."})
    user = user_create(name=name, email=email, password=password)
    if cohort is None:
        cohorts = _lock_cohorts(
            Cohort.objects.accepting_applications().filter(program=program).values("pk")
        )
        if not cohorts:
            raise ValidationError(
                {"cohort": f"No {program.name} cohort is open for sign-up right now."}
            )
        cohort = next((c for c in cohorts if _seat_take(c)), None)
        status = Status.ENROLLED if cohort else Status.WAITLISTED
        cohort = cohort or cohorts[0]
    else:
        (cohort,) = _lock_cohorts([cohort.pk])
        if not cohort.is_accepting_applications:
            raise ValidationError({"cohort": "That cohort has already started. Pick another."})
        status = Status.ENROLLED if _seat_take(cohort) else Status.WAITLISTED
    enrolment = _enrolment_insert(
        user=user, cohort=cohort, status=status, actor=user, details=details, note="signed up"
    )
    outbox.email_queue(enrolment=enrolment, kind=Email.APPLICATION_RECEIVED)
    return enrolment


@transaction.atomic
def enrolment_create(*, user, cohort: Cohort, actor=None, note: str = "", **details) -> Enrolment:
    """Staff (and the demo) enrol an existing user in any unfinished cohort: a seat or the
    waitlist. Sign-up through the site goes through application_submit instead."""
    details = _clean_details(**details)
    (cohort,) = _lock_cohorts([cohort.pk])
    if cohort.status == Cohort.Status.FINISHED:
        raise ValidationError({"cohort": "That cohort has finished."})
    status = Status.ENROLLED if _seat_take(cohort) else Status.WAITLISTED
    return _enrolment_insert(
        user=user, cohort=cohort, status=status, actor=actor, details=details, note=note
    )


# ---------------------------------------------------------------- seats and the waitlist


@transaction.atomic
def seat_release(
    *, enrolment: Enrolment, actor, to_status: str = Status.WITHDRAWN, note: str = ""
) -> list[Enrolment]:
    """Move an enrolled person out of their seat (to `to_status`) and give the freed seat to
    the head of the waitlist, who is told by email. Returns whoever was promoted."""
    (cohort,) = _lock_cohorts([enrolment.cohort_id])
    enrolment = _lock_enrolment(enrolment)
    if enrolment.status != Status.ENROLLED:
        raise ValidationError(f"{_who(enrolment)} does not hold a seat.")
    _seat_free(cohort)
    _status_set(enrolment, to_status=to_status, actor=actor, note=note)
    return waitlist_promote(cohort=cohort, actor=actor, exclude_pk=enrolment.pk)


@transaction.atomic
def waitlist_promote(*, cohort: Cohort, actor=None, exclude_pk: int | None = None):
    """Fill the cohort's free seats from the head of its waitlist (unless it has finished)."""
    (cohort,) = _lock_cohorts([cohort.pk])
    promoted = []
    if cohort.status == Cohort.Status.FINISHED:
        return promoted
    while head := selectors.waitlist_head(cohort=cohort, exclude_pk=exclude_pk):
        if not _seat_take(cohort):
            break
        _status_set(head, to_status=Status.ENROLLED, actor=actor, note="promoted from the waitlist")
        outbox.email_queue(enrolment=head, kind=Email.SEAT_OFFERED)
        promoted.append(head)
    return promoted


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, actor, note: str = "") -> Enrolment:
    """Give the applicant a seat in their cohort; refused when the cohort is full."""
    (cohort,) = _lock_cohorts([enrolment.cohort_id])
    enrolment = _lock_enrolment(enrolment)
    if enrolment.status in (Status.ENROLLED, Status.COMPLETED):
        raise ValidationError(f"{_who(enrolment)} already has a seat.")
    if cohort.status == Cohort.Status.FINISHED:
        raise ValidationError(f"{cohort} has finished.")
    if not _seat_take(cohort):
        raise ValidationError(f"{cohort} is full ({cohort.capacity} seats).")
    _status_set(enrolment, to_status=Status.ENROLLED, actor=actor, note=note or "approved")
    outbox.email_queue(enrolment=enrolment, kind=Email.SEAT_OFFERED)
    return enrolment


@transaction.atomic
def enrolment_waitlist(*, enrolment: Enrolment, actor, note: str = "") -> Enrolment:
    """Put the enrolment at the end of its cohort's waitlist (freeing its seat if it had one)."""
    _lock_cohorts([enrolment.cohort_id])  # cohort before enrolment, as everywhere else
    enrolment = _lock_enrolment(enrolment)
    if enrolment.status in (Status.WAITLISTED, Status.COMPLETED):
        raise ValidationError(f"{_who(enrolment)} cannot be waitlisted from {enrolment.status}.")
    if enrolment.status == Status.ENROLLED:
        seat_release(
            enrolment=enrolment, actor=actor, to_status=Status.WAITLISTED, note=note or "waitlisted"
        )
    else:
        _status_set(enrolment, to_status=Status.WAITLISTED, actor=actor, note=note or "waitlisted")
    enrolment.refresh_from_db()
    outbox.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED)
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor, note: str = "") -> Enrolment:
    """Withdraw from the cohort; a freed seat goes to the head of the waitlist."""
    _lock_cohorts([enrolment.cohort_id])  # cohort before enrolment, as everywhere else
    enrolment = _lock_enrolment(enrolment)
    if enrolment.status not in Enrolment.HOLDING_A_PLACE:
        raise ValidationError(f"{_who(enrolment)} is already {enrolment.get_status_display()}.")
    note = note or "withdrawn"
    if enrolment.status == Status.ENROLLED:
        seat_release(enrolment=enrolment, actor=actor, to_status=Status.WITHDRAWN, note=note)
    else:
        _status_set(enrolment, to_status=Status.WITHDRAWN, actor=actor, note=note)
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


# ---------------------------------------------------------------- internals


def _cohort_change(*, enrolment, to_cohort, actor, seat: str, note: str) -> Enrolment:
    """seat="try": a seat in the target if free, else its waitlist (deferral).
    seat="keep": an enrolled person must get a seat, others keep their status (staff move)."""
    old_cohort, new_cohort = _lock_cohorts([enrolment.cohort_id, to_cohort.pk], keep_order=True)
    enrolment = _lock_enrolment(enrolment)
    if enrolment.status not in Enrolment.HOLDING_A_PLACE:
        raise ValidationError(f"{_who(enrolment)} is {enrolment.get_status_display().lower()}.")
    if new_cohort.pk == old_cohort.pk:
        raise ValidationError({"cohort": "That is the cohort they are already in."})
    if Enrolment.objects.filter(user_id=enrolment.user_id, cohort=new_cohort).exists():
        raise ValidationError({"cohort": f"{_who(enrolment)} already has a place in {new_cohort}."})
    was_seated = enrolment.status == Status.ENROLLED
    if seat == "try":
        status = Status.ENROLLED if _seat_take(new_cohort) else Status.WAITLISTED
    elif was_seated:
        if not _seat_take(new_cohort):
            raise ValidationError(
                {"cohort": f"{new_cohort} is full ({new_cohort.capacity} seats)."}
            )
        status = Status.ENROLLED
    else:
        status = enrolment.status
    if was_seated:
        _seat_free(old_cohort)
    _status_set(enrolment, to_status=status, to_cohort=new_cohort, actor=actor, note=note)
    if was_seated:
        waitlist_promote(cohort=old_cohort, actor=actor)
    outbox.email_queue(enrolment=enrolment, kind=Email.ENROLMENT_CHANGED)
    return enrolment


def _clean_details(
    *, background, python_experience, java_experience, cpp_experience, motivation
) -> dict:
    details = {
        "background": background,
        "python_experience": python_experience,
        "java_experience": java_experience,
        "cpp_experience": cpp_experience,
        "motivation": (motivation or "").strip(),
    }
    errors = {}
    for field in DETAIL_FIELDS:
        choices = dict(Enrolment._meta.get_field(field).choices)
        if details[field] not in choices:
            errors[field] = "Pick one of the options."
    if not details["motivation"]:
        errors["motivation"] = "Tell us in a few words why you want to join."
    elif len(details["motivation"]) > MOTIVATION_MAX_LENGTH:
        errors["motivation"] = f"Keep it under {MOTIVATION_MAX_LENGTH} characters."
    if errors:
        raise ValidationError(errors)
    return details


def _lock_cohorts(pks, *, keep_order: bool = False) -> list[Cohort]:
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


def _lock_enrolment(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("user", "cohort__program")
        .get(pk=enrolment.pk)
    )


def _seat_take(cohort: Cohort) -> bool:
    taken = Cohort.objects.filter(pk=cohort.pk, seats_taken__lt=F("capacity")).update(
        seats_taken=F("seats_taken") + 1
    )
    if taken:
        cohort.seats_taken += 1
    return bool(taken)


def _seat_free(cohort: Cohort) -> None:
    if Cohort.objects.filter(pk=cohort.pk, seats_taken__gt=0).update(
        seats_taken=F("seats_taken") - 1
    ):
        cohort.seats_taken -= 1


def _enrolment_insert(*, user, cohort, status, actor, details, note) -> Enrolment:
    if Enrolment.objects.filter(user=user, cohort=cohort).exists():
        raise ValidationError({"cohort": f"{user} already has a place in {cohort}."})
    # Taken while the cohort row is locked, so created_at follows the order of arrival.
    enrolment = Enrolment(
        user=user, cohort=cohort, status=status, created_at=timezone.now(), **details
    )
    enrolment.save()
    _event_record(enrolment, actor=actor, from_status="", from_cohort=None, note=note or "enrolled")
    return enrolment


def _status_set(enrolment, *, to_status, actor, note, to_cohort=None) -> None:
    from_status, from_cohort = enrolment.status, enrolment.cohort
    enrolment.status = to_status
    if to_cohort is not None:
        enrolment.cohort = to_cohort
    if to_status == Status.WAITLISTED and (
        from_status != Status.WAITLISTED or from_cohort != enrolment.cohort
    ):
        # created_at is the place in the cohort's queue: joining a waitlist means the end.
        enrolment.created_at = timezone.now()
    enrolment.save(update_fields=["status", "cohort", "created_at", "updated_at"])
    _event_record(
        enrolment, actor=actor, from_status=from_status, from_cohort=from_cohort, note=note
    )


def _event_record(enrolment, *, actor, from_status, from_cohort, note) -> EnrolmentEvent:
    return EnrolmentEvent.objects.create(
        enrolment=enrolment,
        actor=actor if getattr(actor, "pk", None) else None,
        from_status=from_status,
        to_status=enrolment.status,
        from_cohort=from_cohort,
        to_cohort=enrolment.cohort,
        note=note[:200],
    )


def _who(enrolment: Enrolment) -> str:
    return enrolment.user.get_full_name() or enrolment.user.get_username()
