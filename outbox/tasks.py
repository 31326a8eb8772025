"""The outbox's two tasks: send a batch of emails, and the beat's sweeper. Thin."""

from celery import shared_task

from outbox import services


# One batch per message, under the sweeper's LOST_AFTER so a live batch is never "lost".
# No Celery retry: a mail server that is away puts the row back, and the sweeper retries.
@shared_task(name="outbox.send_emails", soft_time_limit=240, time_limit=300)
def send_emails(email_ids: list[int]) -> dict:
    return dict(services.emails_send(email_ids=email_ids))


@shared_task(name="outbox.sweep_unsent")
def sweep_unsent() -> dict:
    return services.sweep_unsent()
