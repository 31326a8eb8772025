"""Charges through Stripe: saving the card (a SetupIntent the browser confirms with
Stripe.js), the deposit, and the installments the beat charges with the saved card.

A charge claims its Payment row with a conditional update (scheduled or failed-and-due ->
pending), creates the PaymentIntent and stores its id, then confirms it. Whether it was
paid is decided only by the webhook (or the reconciler): services/events.py.
"""

import logging
from datetime import timedelta

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from tuition import money, stripe_api
from tuition.models import CHARGED_ENROLMENTS, Payment, TuitionAccount

logger = logging.getLogger("lodestar.tuition")
Status = Payment.Status


def card_setup_start(*, account: TuitionAccount) -> str:
    """The client secret of a SetupIntent for this account's customer (made on first use):
    Stripe.js confirms it with the card, which Lodestar never sees."""
    api = stripe_api.client()
    if not account.stripe_customer_id:
        user = account.enrolment.user
        customer = api.v1.customers.create(
            params={"email": user.email, "metadata": {"user_id": str(user.pk)}}
        )
        account.stripe_customer_id = customer.id
    intent = api.v1.setup_intents.create(
        params={
            "customer": account.stripe_customer_id,
            "usage": "off_session",
            "metadata": {"account_id": str(account.pk)},
        }
    )
    account.setup_intent_id = intent.id
    account.save(update_fields=["stripe_customer_id", "setup_intent_id"])
    return intent.client_secret


def deposit_pay(*, account: TuitionAccount, setup_intent_id: str) -> Payment:
    """The browser confirmed the card: keep it for the installments and charge the deposit."""
    if account.status != TuitionAccount.Status.AWAITING_DEPOSIT:
        raise ValidationError("The deposit is not due.")
    if not setup_intent_id or setup_intent_id != account.setup_intent_id:
        raise ValidationError("That card form is out of date. Reload the page and try again.")
    intent = stripe_api.client().v1.setup_intents.retrieve(setup_intent_id)
    if intent.status != "succeeded" or not intent.payment_method:
        raise ValidationError("The card was not accepted. Try again or use another card.")
    method = intent.payment_method
    account.payment_method_id = method if isinstance(method, str) else method.id
    account.save(update_fields=["payment_method_id"])
    deposit = account.deposit_current()
    if deposit.status == Status.PENDING:
        raise ValidationError("Your last payment is still being processed. Reload in a moment.")
    try:
        declined = payment_charge(payment_id=deposit.pk)
    except stripe.StripeError as error:
        deposit.refresh_from_db()
        if deposit.status == Status.PENDING:
            raise  # the PaymentIntent exists: its event (or the reconciler) decides
        logger.warning("deposit %s: Stripe refused or unreachable: %s", deposit.pk, error)
        raise ValidationError(
            "The payment could not be started (nothing was charged). Try again in a minute."
        ) from error
    if isinstance(declined, str):
        raise ValidationError(f"The card was declined: {declined} Try another card.")
    deposit.refresh_from_db()
    return deposit


def payment_charge(*, payment_id: int, now=None) -> bool | str:
    """Charge one payment with the account's saved card; False if another run has it, it
    is paid, or it is not due; the decline's message if the card was declined (the failure
    is recorded from Stripe's event, like every outcome)."""
    now = now or timezone.now()
    before = Payment.objects.filter(pk=payment_id).values_list("status", flat=True).first()
    claimed = (
        Payment.objects.filter(pk=payment_id, status=before)
        .filter(
            Q(status=Status.SCHEDULED)
            | Q(status=Status.FAILED, next_attempt_at__lte=now)
            | Q(status=Status.FAILED, kind=Payment.Kind.DEPOSIT)
        )
        .exclude(account__payment_method_id="")
        .update(status=Status.PENDING, failure_message="")
    )
    if not claimed:
        return False
    payment = Payment.objects.select_related("account").get(pk=payment_id)
    account = payment.account
    api = stripe_api.client()
    attempt = payment.attempts + 1
    try:
        intent = api.v1.payment_intents.create(
            params={
                "amount": payment.amount_minor,
                "currency": payment.currency,
                "customer": account.stripe_customer_id,
                "payment_method": account.payment_method_id,
                "metadata": {"payment_id": str(payment.pk), "account_id": str(account.pk)},
            },
            options={"idempotency_key": f"lodestar-payment-{payment.pk}-{attempt}"},
        )
    except stripe.StripeError:
        # No PaymentIntent to ask about later: "pending" would stay forever (the reconciler
        # skips rows without one). Payable again; the same attempt's idempotency key makes
        # a next try return the intent if Stripe did make one before the answer was lost.
        Payment.objects.filter(pk=payment.pk, status=Status.PENDING).update(status=before)
        raise
    Payment.objects.filter(pk=payment.pk).update(payment_intent_id=intent.id, attempts=attempt)
    try:
        api.v1.payment_intents.confirm(intent.id)
    except stripe.CardError as error:
        logger.info("payment %s declined: %s", payment.pk, error.user_message)
        return error.user_message or "declined."
    return True


def installments_schedule(*, account: TuitionAccount, now) -> list[Payment]:
    """Once the deposit is paid: the rest of the total in the plan's monthly parts (in full:
    one part, charged at once). Parts already there are kept; a part missing (removed when
    the seat was lost, see services.refunds) is scheduled again, monthly from now."""
    rest = account.total_minor - account.deposit_minor
    if rest <= 0:
        return []
    parts = money.installment_split(rest, account.installments)
    there = set(
        account.payments.filter(kind=Payment.Kind.INSTALLMENT).values_list("number", flat=True)
    )
    missing = [
        (number, amount)
        for number, amount in enumerate(parts, start=1)
        if amount > 0 and number not in there
    ]
    return Payment.objects.bulk_create(
        Payment(
            account=account,
            kind=Payment.Kind.INSTALLMENT,
            number=number,
            amount_minor=amount,
            currency=account.currency,
            due_at=now + timedelta(days=30 * month),
        )
        for month, (number, amount) in enumerate(missing)
    )


def installments_charge_due(*, now=None) -> int:
    """The beat: charge the installments that are due (first tries and retries), only while
    the enrolment holds its seat (or has completed the program with it): a seat lost
    without tuition hearing of it is never charged."""
    now = now or timezone.now()
    due = (
        Payment.objects.filter(
            Q(status=Status.SCHEDULED) | Q(status=Status.FAILED, next_attempt_at__lte=now),
            kind=Payment.Kind.INSTALLMENT,
            due_at__lte=now,
            account__status=TuitionAccount.Status.DEPOSIT_PAID,
            account__enrolment__status__in=CHARGED_ENROLMENTS,
        )
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:200]
    )
    charged = 0
    for payment_id in list(due):
        try:
            charged += bool(payment_charge(payment_id=payment_id, now=now))
        except stripe.StripeError:
            logger.warning("installment %s: Stripe unavailable, left for the next run", payment_id)
            Payment.objects.filter(pk=payment_id, status=Status.PENDING).update(
                status=Status.SCHEDULED
            )
    return charged


def retry_at(payment: Payment, now):
    """When a failed installment is tried again, or None after the last try."""
    if payment.attempts >= settings.TUITION_INSTALLMENT_ATTEMPTS:
        return None
    return now + timedelta(days=settings.TUITION_INSTALLMENT_RETRY_DAYS)
