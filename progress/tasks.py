"""Celery tasks for progress: thin wrappers that call its services."""

from celery import shared_task

from progress import reminders


# One run per hour from beat; a large class's emails may take a while on a slow server.
# The name is the deployed one (beat schedule, publishing by name): it does not change.
@shared_task(name="labs.send_due_reminders", soft_time_limit=900, time_limit=960)
def send_due_reminders() -> dict:
    return reminders.due_reminders_run()
