"""The emails an applicant receives; rendered from templates/enrolment/email/."""

from django.core.mail import send_mail
from django.template.loader import render_to_string

from enrolment import selectors
from enrolment.models import Enrolment


def _send(*, enrolment: Enrolment, template: str, subject: str, extra: dict | None = None) -> None:
    context = {
        **(extra or {}),
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "program": enrolment.cohort.program,
        "position": selectors.waitlist_position(enrolment=enrolment),
        "name": enrolment.user.first_name or enrolment.user.get_username(),
    }
    body = render_to_string(f"enrolment/email/{template}.txt", context)
    send_mail(subject, body, None, [enrolment.user.email])


def application_received_send(*, enrolment: Enrolment) -> None:
    if enrolment.status == Enrolment.Status.ENROLLED:
        subject = f"Your seat in {enrolment.cohort} is confirmed"
    else:
        subject = f"You are on the waitlist for {enrolment.cohort}"
    _send(enrolment=enrolment, template="application_received", subject=subject)


def seat_offered_send(*, enrolment: Enrolment) -> None:
    _send(
        enrolment=enrolment,
        template="seat_offered",
        subject=f"A seat in {enrolment.cohort} is yours",
    )


def enrolment_changed_send(*, enrolment: Enrolment) -> None:
    from courses.selectors import personal_due_dates

    # Moved into a running cohort: their own due dates for labs already due (courses).
    seated = enrolment.status == Enrolment.Status.ENROLLED
    own = personal_due_dates(enrolment=enrolment) if seated else []
    _send(
        extra={"own_due_dates": own},
        enrolment=enrolment,
        template="enrolment_changed",
        subject=f"Your Lodestar enrolment: {enrolment.get_status_display().lower()}",
    )
