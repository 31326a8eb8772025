"""Celery tasks for enrolment: thin, take ids, published after commit by enrolment/outbox.py."""

from celery import shared_task

from enrolment import emails, outbox
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


def _send_once(send, enrolment_id: int, email_id: int | None) -> None:
    """Send if this message wins the outbox row's claim (messages without one just send)."""
    if email_id is not None and not outbox.email_claim(email_id=email_id):
        return  # sent already, or being sent by another worker
    try:
        if enrolment := _load(enrolment_id):
            send(enrolment=enrolment)
    except BaseException:
        if email_id is not None:
            outbox.email_release(email_id=email_id)  # for the retry, or the sweeper
        raise


@shared_task(name="enrolment.send_application_received", **EMAIL_TASK_OPTIONS)
def send_application_received(enrolment_id: int, email_id: int | None = None) -> None:
    """The sign-up confirmation: a seat, or the place on the waitlist."""
    _send_once(emails.application_received_send, enrolment_id, email_id)


@shared_task(name="enrolment.send_seat_offered", **EMAIL_TASK_OPTIONS)
def send_seat_offered(enrolment_id: int, email_id: int | None = None) -> None:
    """Someone left the waitlist for a seat (promotion or staff approval)."""
    _send_once(emails.seat_offered_send, enrolment_id, email_id)


@shared_task(name="enrolment.send_enrolment_changed", **EMAIL_TASK_OPTIONS)
def send_enrolment_changed(enrolment_id: int, email_id: int | None = None) -> None:
    """Withdrawn, deferred, moved or waitlisted: tell the person where they stand now."""
    _send_once(emails.enrolment_changed_send, enrolment_id, email_id)


@shared_task(name="enrolment.sweep_unsent_emails")
def sweep_unsent_emails() -> int:
    return outbox.sweep_unsent_emails()
