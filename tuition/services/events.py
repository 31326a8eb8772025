"""Stripe's word on a payment: signed webhook events, and the reconciler for lost ones.

Every verified event is stored once by its id (a replay finds it and changes nothing).
Applying a PaymentIntent's state is idempotent and order-proof: a paid payment stays paid
whatever arrives after, and an event about an older attempt than the payment's current
one changes nothing. Locks follow enrolment's order: cohort, enrolment, then the account.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from enrolment.models import Cohort, Enrolment
from outbox.services import email_queue
from tuition import emails, stripe_api
from tuition.models import Payment, StripeEvent, TuitionAccount
from tuition.services import payments, refunds

logger = logging.getLogger("lodestar.tuition")
Status = Payment.Status
HANDLED = {"payment_intent.succeeded", "payment_intent.payment_failed"}


def webhook_receive(*, payload: bytes, signature: str) -> str:
    """Verify, store and apply one webhook; returns what happened. Raises ValueError or
    stripe.SignatureVerificationError for a payload Stripe did not sign with our secret."""
    event = stripe_api.event_verified(payload, signature)
    if StripeEvent.objects.filter(event_id=event.id).exists():
        return "replay"
    try:
        # Stored and applied together: if applying fails, Stripe's next delivery retries it.
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=event.id, type=event.type, payload=event.to_dict()
            )
            outcome = "ignored"
            if event.type in HANDLED:
                outcome = intent_apply(event.data.object.to_dict())
            stored.outcome = outcome[:200]
            stored.save(update_fields=["outcome"])
    except IntegrityError:
        return "replay"  # the same event delivered twice at once
    return outcome


def payment_refresh(*, payment: Payment) -> str:
    """Ask Stripe about one payment now (the reconciler's question, for one row)."""
    if not payment.payment_intent_id:
        return "no attempt"
    intent = stripe_api.client().v1.payment_intents.retrieve(payment.payment_intent_id)
    return intent_apply(intent.to_dict())


def intent_apply(intent: dict, *, now=None) -> str:
    """Record what a PaymentIntent says about its payment (from an event or the reconciler)."""
    now = now or timezone.now()
    payment_id = (intent.get("metadata") or {}).get("payment_id")
    ids = (
        Payment.objects.filter(pk=payment_id)
        .values_list("account__enrolment__cohort_id", "account__enrolment_id")
        .first()
        if payment_id and str(payment_id).isdigit()
        else None
    )
    if ids is None:
        return "no such payment"
    with transaction.atomic():
        Cohort.objects.select_for_update().filter(pk=ids[0]).first()
        enrolment = Enrolment.objects.select_for_update().get(pk=ids[1])
        payment = Payment.objects.select_for_update().select_related("account").get(pk=payment_id)
        account = TuitionAccount.objects.select_for_update().get(pk=payment.account_id)
        payment.account = account
        if payment.status == Status.SUCCEEDED:
            return "already paid"
        if intent["id"] != payment.payment_intent_id:
            return "an older attempt"
        if intent["status"] == "succeeded":
            return _succeeded(payment, account, enrolment, now)
        if intent["status"] in ("requires_payment_method", "canceled"):
            if payment.status == Status.FAILED:
                return "already failed"
            return _failed(payment, account, intent, now)
    return f"still {intent['status']}"


def _succeeded(payment, account, enrolment, now) -> str:
    payment.status, payment.paid_at = Status.SUCCEEDED, now
    payment.save(update_fields=["status", "paid_at"])
    email_queue(kind=emails.RECEIPT, object_id=payment.pk, user_id=enrolment.user_id)
    if payment.kind != Payment.Kind.DEPOSIT:
        if not account.payments.exclude(status=Status.SUCCEEDED).filter(status=Status.FAILED):
            TuitionAccount.objects.filter(pk=account.pk).update(needs_staff=False)
        return "installment paid"
    if (
        account.status != TuitionAccount.Status.AWAITING_DEPOSIT
        or enrolment.status != Enrolment.Status.ENROLLED
    ):
        # Paid for a seat that is no longer theirs: give it all back.
        refunds.refund_record(
            account=account,
            payment=payment,
            amount_minor=payment.amount_minor,
            reason="deposit paid after the seat was released",
            decided_by=None,
        )
        return "deposit refunded: no seat"
    account.status = TuitionAccount.Status.DEPOSIT_PAID
    account.save(update_fields=["status"])
    payments.installments_schedule(account=account, now=now)
    return "deposit paid"


def _failed(payment, account, intent, now) -> str:
    error = intent.get("last_payment_error") or {}
    payment.status = Status.FAILED
    payment.failure_message = (error.get("message") or "The card was declined.")[:200]
    payment.next_attempt_at = (
        payments.retry_at(payment, now) if payment.kind == Payment.Kind.INSTALLMENT else None
    )
    payment.save(update_fields=["status", "failure_message", "next_attempt_at"])
    if payment.kind == Payment.Kind.INSTALLMENT:
        # Staff follow it up; the student stays enrolled.
        TuitionAccount.objects.filter(pk=account.pk).update(needs_staff=True)
        email_queue(
            kind=emails.PAYMENT_FAILED,
            object_id=payment.pk,
            user_id=account.enrolment.user_id,
            message=f"attempt {payment.attempts}",
        )
    return f"{payment.kind} failed"


def payments_reconcile(*, now=None, older_than=timedelta(minutes=10)) -> int:
    """The beat, for lost webhooks: ask Stripe about payments still pending after a while."""
    now = now or timezone.now()
    api = stripe_api.client()
    pending = Payment.objects.filter(
        status=Status.PENDING, created_at__lte=now - older_than
    ).exclude(payment_intent_id="")
    changed = 0
    for payment in pending[:200]:
        intent = api.v1.payment_intents.retrieve(payment.payment_intent_id)
        outcome = intent_apply(intent.to_dict(), now=now)
        changed += outcome in (
            "deposit paid",
            "installment paid",
            "deposit refunded: no seat",
        ) or outcome.endswith("failed")
    return changed
