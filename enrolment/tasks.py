"""Celery tasks for enrolment: thin, take ids, published after commit by enrolment/outbox.py."""

from celery import shared_task
from django.contrib.auth import get_user_model

from enrolment import emails, outbox
from enrolment.models import Enrolment, Interest, OutgoingEmail
from enrolment.services import confirmations, offers

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


def _load_interest(interest_id: int) -> Interest | None:
    return Interest.objects.select_related("user", "program").filter(pk=interest_id).first()


def _load_user(user_id: int):
    return get_user_model().objects.filter(pk=user_id).first()


def send_once(send, subject, email_id: int | None) -> None:
    """Send if this message wins the outbox row's claim (messages without one just send).

    Every email kept in the outbox goes through here, the course completion one too."""
    if email_id is not None and not outbox.email_claim(email_id=email_id):
        return  # sent already, or being sent by another worker
    try:
        message = ""
        if email_id is not None:
            message = (
                OutgoingEmail.objects.filter(pk=email_id).values_list("message", flat=True).first()
                or ""
            )
        if subject is not None:
            send(subject, message=message)
    except BaseException:
        if email_id is not None:
            outbox.email_release(email_id=email_id)  # for the retry, or the sweeper
        raise


@shared_task(name="enrolment.send_application_received", **EMAIL_TASK_OPTIONS)
def send_application_received(enrolment_id: int, email_id: int | None = None) -> None:
    """The sign-up confirmation: a seat, a waitlist place or an application in review."""
    send_once(emails.application_received_send, _load(enrolment_id), email_id)


@shared_task(name="enrolment.send_seat_offered", **EMAIL_TASK_OPTIONS)
def send_seat_offered(enrolment_id: int, email_id: int | None = None) -> None:
    """A seat is held for the person: accept or decline by the deadline."""
    send_once(emails.seat_offered_send, _load(enrolment_id), email_id)


@shared_task(name="enrolment.send_enrolment_changed", **EMAIL_TASK_OPTIONS)
def send_enrolment_changed(enrolment_id: int, email_id: int | None = None) -> None:
    """Withdrawn, deferred, moved, waitlisted or not admitted: where they stand now."""
    send_once(emails.enrolment_changed_send, _load(enrolment_id), email_id)


@shared_task(name="enrolment.send_interest_received", **EMAIL_TASK_OPTIONS)
def send_interest_received(interest_id: int, email_id: int | None = None) -> None:
    """On a program's interest list until its next cohort opens."""
    send_once(emails.interest_received_send, _load_interest(interest_id), email_id)


@shared_task(name="enrolment.send_email_confirmation", **EMAIL_TASK_OPTIONS)
def send_email_confirmation(user_id: int, email_id: int | None = None) -> None:
    """A new confirmation link, asked for from the account page."""
    send_once(emails.email_confirmation_send, _load_user(user_id), email_id)


@shared_task(name="enrolment.sweep_unsent_emails")
def sweep_unsent_emails() -> int:
    return outbox.sweep_unsent_emails()


@shared_task(name="enrolment.expire_offers")
def expire_offers() -> int:
    return offers.offers_expire()


@shared_task(name="enrolment.release_unconfirmed_seats")
def release_unconfirmed_seats() -> int:
    return confirmations.unconfirmed_seats_release()
