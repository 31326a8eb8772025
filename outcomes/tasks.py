"""Celery tasks for outcomes: thin, take ids."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from enrolment.tasks import EMAIL_TASK_OPTIONS, send_once


@shared_task(name="outcomes.send_job_search_reminders")
def send_job_search_reminders() -> int:
    """Beat: queue the reminders due today (safe to run twice)."""
    from outcomes.services import reminders

    return reminders.reminders_send()


@shared_task(name="outcomes.send_job_search_reminder", **EMAIL_TASK_OPTIONS)
def send_job_search_reminder(enrolment_id: int, email_id: int | None = None) -> None:
    """One reminder, sent once through its outbox row (the email sweeper retries it)."""
    from enrolment.models import Enrolment

    enrolment = Enrolment.objects.select_related("user", "cohort").filter(pk=enrolment_id).first()
    send_once(_reminder_send, enrolment, email_id)


def _reminder_send(enrolment, *, message: str = "") -> None:
    from outcomes.models import JobRecord

    user = enrolment.user
    if not user.email or JobRecord.objects.filter(enrolment=enrolment).exists():
        return  # they reported since the reminder was queued
    context = {
        "name": user.first_name or user.get_username(),
        "days": message,
        "cohort": enrolment.cohort,
        "url": settings.SITE_URL + reverse("outcomes:mine"),
    }
    send_mail(
        "How is your job search going?",
        render_to_string("outcomes/email/job_search_reminder.txt", context),
        None,
        [user.email],
    )
