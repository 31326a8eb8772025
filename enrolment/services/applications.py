"""Sign-up: the account and the application in one transaction, a seat or the waitlist."""

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from enrolment import emails, selectors
from enrolment.models import Cohort, Enrolment, Interest, Program
from enrolment.services import confirmations, interest, rows
from enrolment.services.accounts import user_create

Status = Enrolment.Status
MOTIVATION_MAX_LENGTH = Enrolment._meta.get_field("motivation").max_length
DETAIL_FIELDS = ("background", "python_experience", "java_experience", "cpp_experience")


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
) -> Enrolment | Interest:
    """Create the account and the application in one transaction.

    Automatic admission: a seat, else the waitlist. Reviewed admission: an application
    (`applied`) for staff to decide. `cohort=None` means the next available cohort of the
    program (the earliest with a free seat, else the earliest taking applications); with
    none open, the person joins the program's interest list (an Interest, returned).
    A seat taken by the new, unconfirmed account is held until seat_held_until. Emails
    leave only once the transaction commits (enrolment.emails.email_queue, through the outbox).

    The password is hashed before the transaction begins: its tens of milliseconds of CPU
    need no open transaction, and a burst of sign-ups then holds each connection's
    transaction (and the cohort row lock that comes last) only for the writes.
    """
    details = _clean_details(
        background=background,
        python_experience=python_experience,
        java_experience=java_experience,
        cpp_experience=cpp_experience,
        motivation=motivation,
    )
    password_hash = make_password(password) if password else None
    with transaction.atomic():
        return _application_submit(
            name=name,
            email=email,
            password_hash=password_hash,
            program=program,
            cohort=cohort,
            details=details,
        )


def _application_submit(*, name, email, password_hash, program, cohort, details):
    if cohort is not None and cohort.program_id != program.pk:
        raise ValidationError({"cohort": "That cohort belongs to the other program."})
    user = user_create(name=name, email=email, password=None, password_hash=password_hash)
    confirmations.confirmation_start(user=user)
    reviewed = program.admission == Program.Admission.REVIEWED
    if cohort is None:
        cohorts = rows.lock_cohorts(selectors.cohort_list_for_signup(program=program).values("pk"))
        if not cohorts:
            return interest.interest_create(user=user, program=program, details=details)
        if reviewed:
            cohort, status = cohorts[0], Status.APPLIED
        else:
            cohort = next((c for c in cohorts if rows.seat_take(c)), None)
            status = Status.ENROLLED if cohort else Status.WAITLISTED
            cohort = cohort or cohorts[0]
    else:
        (cohort,) = rows.lock_cohorts([cohort.pk])
        if not cohort.is_accepting_applications:
            raise ValidationError({"cohort": "That cohort has already started. Pick another."})
        if not cohort.is_open_for_signup_on(timezone.localdate()):
            raise ValidationError({"cohort": deadline_passed_message(cohort)})
        if reviewed:
            status = Status.APPLIED
        else:
            status = Status.ENROLLED if rows.seat_take(cohort) else Status.WAITLISTED
    # The seat is held until the new account confirms its email (one write, one record).
    held_until = confirmations.seat_hold_deadline() if status == Status.ENROLLED else None
    enrolment = rows.enrolment_insert(
        user=user,
        cohort=cohort,
        status=status,
        actor=user,
        details={**details, "seat_held_until": held_until},
        note="signed up",
    )
    emails.email_queue(enrolment=enrolment, kind=emails.Kind.APPLICATION_RECEIVED)
    return enrolment


@transaction.atomic
def enrolment_create(
    *, user, cohort: Cohort, actor=None, note: str = "", now=None, **details
) -> Enrolment:
    """Staff (and the demo) enrol an existing user in any unfinished cohort: a seat or the
    waitlist. Sign-up through the site goes through application_submit instead.

    `now` is the moment of enrolling (the demo seed replays a finished cohort's history)."""
    now = now or timezone.now()
    details = _clean_details(**details)
    (cohort,) = rows.lock_cohorts([cohort.pk])
    if cohort.status_on(timezone.localdate(now)) == Cohort.Status.FINISHED:
        raise ValidationError({"cohort": "That cohort has finished."})
    status = Status.ENROLLED if rows.seat_take(cohort) else Status.WAITLISTED
    return rows.enrolment_insert(
        user=user, cohort=cohort, status=status, actor=actor, details=details, note=note, now=now
    )


def deadline_passed_message(cohort: Cohort) -> str:
    closed = date_format(cohort.applications_close_on, "j F Y")
    return (
        f"Applications for {cohort.name} closed on {closed}. Pick a later cohort, or "
        "leave the cohort empty to be placed in the next one that takes applications."
    )


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
