"""Celery tasks for outcomes: thin, take ids."""

from celery import shared_task


@shared_task(name="outcomes.send_job_search_reminders")
def send_job_search_reminders() -> int:
    """Beat: queue the reminders due today (safe to run twice); the outbox sends them."""
    from outcomes.services import reminders

    return reminders.reminders_send()
