"""The emails an applicant receives; rendered from templates/enrolment/email/.

They leave through the outbox (outbox.services): email_queue() records one with the change
it reports, and the senders below render it when a worker sends it (registered in
EnrolmentConfig.ready). Links in them are signed tokens (enrolment/links.py) on SITE_URL,
never bare ids.
"""

import enum
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from enrolment import links, selectors
from enrolment.models import EmailConfirmation, Enrolment, Interest, Offer
from outbox import registry
from outbox import services as outbox


class Kind(enum.StrEnum):
    """The enrolment emails, as the outbox knows them."""

    APPLICATION_RECEIVED = "application_received"
    SEAT_OFFERED = "seat_offered"
    ENROLMENT_CHANGED = "enrolment_changed"
    INTEREST_RECEIVED = "interest_received"
    EMAIL_CONFIRMATION = "email_confirmation"


def email_queue(
    *,
    kind: Kind,
    enrolment: Enrolment | None = None,
    interest: Interest | None = None,
    user=None,
    message: str = "",
) -> int:
    """Record an email about one enrolment, interest entry or account (exactly one), in the
    caller's transaction; the outbox sends it after commit."""
    about = enrolment or interest or user
    user_id = about.pk if about is user else about.user_id
    return outbox.email_queue(kind=kind, object_id=about.pk, user_id=user_id, message=message)


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


def _message(*, user, template: str, subject: str, context: dict) -> EmailMessage:
    body = render_to_string(f"enrolment/email/{template}.txt", context)
    return EmailMessage(subject, body, to=[user.email])


def _enrolment_context(enrolment: Enrolment, message: str) -> dict:
    return _context(
        enrolment.user,
        enrolment=enrolment,
        cohort=enrolment.cohort,
        program=enrolment.cohort.program,
        position=selectors.waitlist_position(enrolment=enrolment),
        message=message,
    )


def application_received_message(enrolment: Enrolment, *, message: str = "") -> EmailMessage:
    subjects = {
        Enrolment.Status.ENROLLED: f"Your seat in {enrolment.cohort} is confirmed",
        Enrolment.Status.APPLIED: f"We received your application to {enrolment.cohort}",
    }
    subject = subjects.get(enrolment.status, f"You are on the waitlist for {enrolment.cohort}")
    return _message(
        user=enrolment.user,
        template="application_received",
        subject=subject,
        context=_enrolment_context(enrolment, message),
    )


def seat_offered_message(enrolment: Enrolment, *, message: str = "") -> EmailMessage:
    offer = enrolment.offers.filter(status=Offer.Status.PENDING).first()
    if offer is None:
        raise registry.Skip("The offer was answered, withdrawn or expired before it left.")
    context = _enrolment_context(enrolment, message)
    context.update(offer=offer, offer_url=links.offer_url(offer=offer))
    return _message(
        user=enrolment.user,
        template="seat_offered",
        subject=f"A seat in {enrolment.cohort} is yours if you want it",
        context=context,
    )


def enrolment_changed_message(enrolment: Enrolment, *, message: str = "") -> EmailMessage:
    # Moved into a running cohort: their own due dates for labs already due (courses).
    context = _with_extras("enrolment_changed", enrolment, _enrolment_context(enrolment, message))
    return _message(
        user=enrolment.user,
        template="enrolment_changed",
        subject=f"Your Lodestar enrolment: {enrolment.get_status_display().lower()}",
        context=context,
    )


def interest_received_message(interest: Interest, *, message: str = "") -> EmailMessage:
    return _message(
        user=interest.user,
        template="interest_received",
        subject=f"You are on the {interest.program.name} interest list",
        context=_context(interest.user, interest=interest, program=interest.program),
    )


def email_confirmation_message(user, *, message: str = "") -> EmailMessage:
    if not _needs_confirmation(user):
        raise registry.Skip("The address is confirmed already.")
    return _message(
        user=user,
        template="email_confirmation",
        subject="Confirm your email address for Lodestar",
        context=_context(user),
    )


def _loader(load: Callable[[int], object], render: Callable[..., EmailMessage]):
    """A sender for the outbox: load what the row is about, then render its email."""

    def sender(email) -> EmailMessage:
        about = load(email.object_id)
        if about is None:
            raise registry.Skip("What it was about is gone.")
        return render(about, message=email.message)

    return sender


def _enrolment(pk: int) -> Enrolment | None:
    return Enrolment.objects.select_related("user", "cohort__program").filter(pk=pk).first()


def _interest(pk: int) -> Interest | None:
    return Interest.objects.select_related("user", "program").filter(pk=pk).first()


def _user(pk: int):
    return get_user_model().objects.filter(pk=pk).first()


def senders_register() -> None:
    """Tell the outbox how to render each enrolment email (EnrolmentConfig.ready)."""
    for kind, load, render in (
        (Kind.APPLICATION_RECEIVED, _enrolment, application_received_message),
        (Kind.SEAT_OFFERED, _enrolment, seat_offered_message),
        (Kind.ENROLMENT_CHANGED, _enrolment, enrolment_changed_message),
        (Kind.INTEREST_RECEIVED, _interest, interest_received_message),
        (Kind.EMAIL_CONFIRMATION, _user, email_confirmation_message),
    ):
        registry.sender_register(kind, _loader(load, render))
