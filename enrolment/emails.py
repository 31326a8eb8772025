"""The emails an applicant receives; rendered from templates/enrolment/email/.

Links in them are signed tokens (enrolment/links.py) on SITE_URL, never bare ids.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from enrolment import links, selectors
from enrolment.models import EmailConfirmation, Enrolment, Interest, Offer

# What other apps add to an enrolment email, by template: courses adds a student moved into
# a running cohort their own due dates (CoursesConfig.ready). Enrolment does not import them.
_enrolment_extras: dict[str, list[Callable[[Enrolment], dict]]] = {}


def enrolment_email_extra_register(*, template: str, extra: Callable[[Enrolment], dict]) -> None:
    """Add `extra(enrolment)`'s keys to the context of every `template` email."""
    extras = _enrolment_extras.setdefault(template, [])
    if extra not in extras:
        extras.append(extra)


def _with_extras(template: str, enrolment: Enrolment, context: dict) -> dict:
    for extra in _enrolment_extras.get(template, ()):
        context.update(extra(enrolment))
    return context


def _needs_confirmation(user) -> bool:
    return EmailConfirmation.objects.filter(user=user, confirmed_at__isnull=True).exists()


def _context(user, **extra) -> dict:
    context = {
        "name": user.first_name or user.get_username(),
        "account_url": settings.SITE_URL + reverse("account"),
        "confirm_hours": settings.ENROLMENT_CONFIRM_WITHIN_HOURS,
        "confirm_url": links.confirm_url(user=user) if _needs_confirmation(user) else "",
    }
    context.update(extra)
    return context


def _send(*, user, template: str, subject: str, context: dict) -> None:
    body = render_to_string(f"enrolment/email/{template}.txt", context)
    send_mail(subject, body, None, [user.email])


def _enrolment_context(enrolment: Enrolment, message: str) -> dict:
    return _context(
        enrolment.user,
        enrolment=enrolment,
        cohort=enrolment.cohort,
        program=enrolment.cohort.program,
        position=selectors.waitlist_position(enrolment=enrolment),
        message=message,
    )


def application_received_send(enrolment: Enrolment, *, message: str = "") -> None:
    subjects = {
        Enrolment.Status.ENROLLED: f"Your seat in {enrolment.cohort} is confirmed",
        Enrolment.Status.APPLIED: f"We received your application to {enrolment.cohort}",
    }
    subject = subjects.get(enrolment.status, f"You are on the waitlist for {enrolment.cohort}")
    _send(
        user=enrolment.user,
        template="application_received",
        subject=subject,
        context=_enrolment_context(enrolment, message),
    )


def seat_offered_send(enrolment: Enrolment, *, message: str = "") -> None:
    offer = enrolment.offers.filter(status=Offer.Status.PENDING).first()
    if offer is None:
        return  # answered, withdrawn or expired before the email left: nothing to offer
    context = _enrolment_context(enrolment, message)
    context.update(offer=offer, offer_url=links.offer_url(offer=offer))
    _send(
        user=enrolment.user,
        template="seat_offered",
        subject=f"A seat in {enrolment.cohort} is yours if you want it",
        context=context,
    )


def enrolment_changed_send(enrolment: Enrolment, *, message: str = "") -> None:
    # Moved into a running cohort: their own due dates for labs already due (courses).
    context = _with_extras("enrolment_changed", enrolment, _enrolment_context(enrolment, message))
    _send(
        user=enrolment.user,
        template="enrolment_changed",
        subject=f"Your Lodestar enrolment: {enrolment.get_status_display().lower()}",
        context=context,
    )


def interest_received_send(interest: Interest, *, message: str = "") -> None:
    _send(
        user=interest.user,
        template="interest_received",
        subject=f"You are on the {interest.program.name} interest list",
        context=_context(interest.user, interest=interest, program=interest.program),
    )


def email_confirmation_send(user, *, message: str = "") -> None:
    if not _needs_confirmation(user):
        return
    _send(
        user=user,
        template="email_confirmation",
        subject="Confirm your email address for Lodestar",
        context=_context(user),
    )
