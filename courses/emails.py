"""The course rules' email: congratulations on completing, with the certificate's address.

Queued through the outbox by completion (courses.services) and rendered here when a
worker sends it (registered in CoursesConfig.ready).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from outbox import registry

# The outbox's name for it (object: the enrolment).
COMPLETED = "completed"


def completed_message(email) -> EmailMessage:
    from courses.models import Certificate

    certificate = (
        Certificate.objects.select_related("enrolment__user")
        .filter(enrolment_id=email.object_id, revoked_at=None)
        .first()
    )
    if certificate is None:
        raise registry.Skip("No certificate in force for this enrolment.")
    user = certificate.enrolment.user
    if not user.email:
        raise registry.Skip("No address to write to.")
    context = {
        "name": user.first_name or user.get_username(),
        "certificate": certificate,
        "url": settings.SITE_URL + reverse("courses:certificate", args=[certificate.token]),
    }
    return EmailMessage(
        f"You completed {certificate.program_name}",
        render_to_string("courses/email/completed.txt", context),
        to=[user.email],
    )
