"""Celery tasks for the course rules: thin, take ids, enqueued after commit."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from enrolment.tasks import EMAIL_TASK_OPTIONS, send_once


@shared_task(name="courses.complete_finished_cohorts")
def complete_finished_cohorts() -> dict:
    """Beat: decide completion in finished cohorts (safe to run twice)."""
    from courses import services

    return services.completion_run()


@shared_task(name="courses.send_completion_email", **EMAIL_TASK_OPTIONS)
def send_completion_email(enrolment_id: int, email_id: int | None = None) -> None:
    """Congratulations, with the certificate's public address; its outbox row (email_id)
    makes it go out once, and the email sweeper publishes it again after a broker outage."""
    from courses.models import Certificate

    certificate = (
        Certificate.objects.select_related("enrolment__user")
        .filter(enrolment_id=enrolment_id, revoked_at=None)
        .first()
    )
    send_once(_completion_send, certificate, email_id)


def _completion_send(certificate, *, message: str = "") -> None:
    user = certificate.enrolment.user
    if not user.email:
        return
    context = {
        "name": user.first_name or user.get_username(),
        "certificate": certificate,
        "url": settings.SITE_URL + reverse("courses:certificate", args=[certificate.token]),
    }
    send_mail(
        f"You completed {certificate.program_name}",
        render_to_string("courses/email/completed.txt", context),
        None,
        [user.email],
    )
