"""Celery tasks for enrolment: thin. Its emails leave through the outbox (outbox.tasks)."""

from celery import shared_task

from enrolment.services import confirmations, offers


@shared_task(name="enrolment.expire_offers")
def expire_offers() -> int:
    return offers.offers_expire()


@shared_task(name="enrolment.release_unconfirmed_seats")
def release_unconfirmed_seats() -> int:
    return confirmations.unconfirmed_seats_release()
