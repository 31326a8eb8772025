"""Outcomes' email: the job-search reminder, 30, 90 and 150 days after graduating.

Queued through the outbox by outcomes.services.reminders (object: the enrolment; the
milestone day in the row's message) and rendered here when a worker sends it
(registered in OutcomesConfig.ready).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from outbox import registry

# The outbox's name for it.
JOB_SEARCH_REMINDER = "job_search_reminder"


def job_search_reminder_message(email) -> EmailMessage:
    from enrolment.models import Enrolment
    from outcomes.models import JobRecord

    enrolment = (
        Enrolment.objects.select_related("user", "cohort").filter(pk=email.object_id).first()
    )
    if enrolment is None:
        raise registry.Skip("The enrolment is gone.")
    if JobRecord.objects.filter(enrolment=enrolment).exists():
        raise registry.Skip("The graduate reported since the reminder was queued.")
    user = enrolment.user
    if not user.email:
        raise registry.Skip("No address to write to.")
    context = {
        "name": user.first_name or user.get_username(),
        "days": email.message,
        "cohort": enrolment.cohort,
        "url": settings.SITE_URL + reverse("outcomes:mine"),
    }
    return EmailMessage(
        "How is your job search going?",
        render_to_string("outcomes/email/job_search_reminder.txt", context),
        to=[user.email],
    )
