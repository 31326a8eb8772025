"""Celery tasks for the course rules: thin, take ids, enqueued after commit."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from enrolment.tasks import EMAIL_TASK_OPTIONS


@shared_task(name="courses.complete_finished_cohorts")
def complete_finished_cohorts() -> dict:
    """Beat: decide completion in finished cohorts (safe to run twice)."""
    from courses import services

    return services.completion_run()


@shared_task(name="courses.send_completion_email", **EMAIL_TASK_OPTIONS)
def send_completion_email(enrolment_id: int) -> None:
    """Congratulations, with the certificate's public address."""
    from courses.models import Certificate

    certificate = (
        Certificate.objects.select_related("enrolment__user")
        .filter(enrolment_id=enrolment_id, revoked_at=None)
        .first()
    )
    if certificate is None or not certificate.enrolment.user.email:
        return
    user = certificate.enrolment.user
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
