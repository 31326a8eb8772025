"""Celery tasks for enrolment: thin, take ids, enqueued after commit by the services."""

from celery import shared_task

from enrolment import emails
from enrolment.models import Enrolment

# A mail server that is briefly away should not cost anyone their confirmation.
EMAIL_TASK_OPTIONS = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "max_retries": 5,
}


def _load(enrolment_id: int) -> Enrolment | None:
    return (
        Enrolment.objects.select_related("user", "cohort__program").filter(pk=enrolment_id).first()
    )


@shared_task(name="enrolment.send_application_received", **EMAIL_TASK_OPTIONS)
def send_application_received(enrolment_id: int) -> None:
    """The sign-up confirmation: a seat, or the place on the waitlist."""
    if enrolment := _load(enrolment_id):
        emails.application_received_send(enrolment=enrolment)


@shared_task(name="enrolment.send_seat_offered", **EMAIL_TASK_OPTIONS)
def send_seat_offered(enrolment_id: int) -> None:
    """Someone left the waitlist for a seat (promotion or staff approval)."""
    if enrolment := _load(enrolment_id):
        emails.seat_offered_send(enrolment=enrolment)


@shared_task(name="enrolment.send_enrolment_changed", **EMAIL_TASK_OPTIONS)
def send_enrolment_changed(enrolment_id: int) -> None:
    """Withdrawn, deferred, moved or waitlisted: tell the person where they stand now."""
    if enrolment := _load(enrolment_id):
        emails.enrolment_changed_send(enrolment=enrolment)
