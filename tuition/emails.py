"""Tuition's emails, sent through the outbox (senders registered in TuitionConfig.ready):
a receipt for each payment, and a failed installment."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from outbox import registry
from tuition import money

# The outbox's names for them (object: the payment).
RECEIPT = "tuition_receipt"
PAYMENT_FAILED = "tuition_payment_failed"


def _context(email, payment):
    user = payment.account.enrolment.user
    if not user.email:
        raise registry.Skip("No address to write to.")
    return user, {
        "name": user.first_name or user.get_username(),
        "payment": payment,
        "amount": money.money_format(payment.amount_minor, payment.currency),
        "cohort": payment.account.enrolment.cohort,
        "url": settings.SITE_URL + reverse("account"),
    }


def _payment(email):
    from tuition.models import Payment

    payment = (
        Payment.objects.select_related("account__enrolment__user", "account__enrolment__cohort")
        .filter(pk=email.object_id)
        .first()
    )
    if payment is None:
        raise registry.Skip("The payment is gone.")
    return payment


def receipt_message(email) -> EmailMessage:
    payment = _payment(email)
    if payment.status != payment.Status.SUCCEEDED:
        raise registry.Skip("Not paid.")
    user, context = _context(email, payment)
    return EmailMessage(
        f"Receipt: {context['amount']} for {context['cohort']}",
        render_to_string("tuition/email/receipt.txt", context),
        to=[user.email],
    )


def payment_failed_message(email) -> EmailMessage:
    payment = _payment(email)
    if payment.status == payment.Status.SUCCEEDED:
        raise registry.Skip("Paid meanwhile.")
    user, context = _context(email, payment)
    return EmailMessage(
        f"Your installment of {context['amount']} could not be charged",
        render_to_string("tuition/email/payment_failed.txt", context),
        to=[user.email],
    )


def senders_register() -> None:
    registry.sender_register(RECEIPT, receipt_message)
    registry.sender_register(PAYMENT_FAILED, payment_failed_message)
