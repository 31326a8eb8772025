"""Webhooks are the record: signed, stored once, and order-proof."""

import json

import pytest
from django.urls import reverse

from outbox.models import OutgoingEmail
from tests.enrolment.factories import CohortFactory
from tests.tuition.support import (
    card_saved,
    event_payload,
    signature_for,
    signed_up_and_confirmed,
    webhook_post,
)
from tuition import emails
from tuition.models import Payment, StripeEvent, TuitionAccount
from tuition.services import payments

pytestmark = pytest.mark.django_db


@pytest.fixture
def paying(stripe_on, tuition_price):
    """Dana kept a seat, saved a card and her deposit's PaymentIntent succeeded at Stripe."""
    cohort = CohortFactory(program=tuition_price.program, capacity=2)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    account = enrolment.tuition
    deposit = payments.deposit_pay(account=account, setup_intent_id=card_saved(account))
    intent = stripe_on.v1.payment_intents.retrieve(deposit.payment_intent_id).to_dict()
    assert intent["status"] == "succeeded"
    return account, intent


def _receipts() -> int:
    return OutgoingEmail.objects.filter(kind=emails.RECEIPT).count()


def test_a_replayed_event_changes_nothing_twice(client, paying):
    account, intent = paying
    payload = event_payload("payment_intent.succeeded", intent, event_id="evt_once")
    assert webhook_post(client, payload).content == b"deposit paid"
    assert webhook_post(client, payload).content == b"replay"
    # The same news under another event id finds the payment already paid.
    again = event_payload("payment_intent.succeeded", intent, event_id="evt_twice")
    assert webhook_post(client, again).content == b"already paid"
    assert StripeEvent.objects.count() == 2  # every event stored, once
    assert _receipts() == 1
    assert account.payments.filter(kind=Payment.Kind.INSTALLMENT).count() == 1


def test_an_old_failure_arriving_after_the_success_changes_nothing(client, paying):
    account, intent = paying
    failed = {
        **intent,
        "status": "requires_payment_method",
        "last_payment_error": {"message": "Your card was declined."},
    }
    assert (
        webhook_post(client, event_payload("payment_intent.succeeded", intent)).status_code == 200
    )
    response = webhook_post(client, event_payload("payment_intent.payment_failed", failed))
    assert response.content == b"already paid"
    account.refresh_from_db()
    assert account.status == TuitionAccount.Status.DEPOSIT_PAID
    assert account.payments.get(kind=Payment.Kind.DEPOSIT).status == Payment.Status.SUCCEEDED


def test_an_event_about_an_older_attempt_changes_nothing(client, paying):
    account, intent = paying
    older = {**intent, "id": "pi_an_older_attempt"}
    response = webhook_post(client, event_payload("payment_intent.succeeded", older))
    assert response.content == b"an older attempt"
    account.refresh_from_db()
    assert account.status == TuitionAccount.Status.AWAITING_DEPOSIT


def test_a_forged_signature_is_refused_and_nothing_is_stored(client, paying):
    account, intent = paying
    payload = event_payload("payment_intent.succeeded", intent)
    forged = webhook_post(client, payload, secret="whsec_someone_else")
    assert forged.status_code == 400
    unsigned = client.post(
        reverse("tuition:webhook"), data=payload, content_type="application/json"
    )
    assert unsigned.status_code == 400
    # Signed, then altered: the amount is not what was signed.
    tampered = json.loads(payload)
    tampered["data"]["object"]["amount"] = 1
    header = signature_for(payload)
    changed = client.post(
        reverse("tuition:webhook"),
        data=json.dumps(tampered).encode(),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert changed.status_code == 400
    assert StripeEvent.objects.count() == 0
    account.refresh_from_db()
    assert account.status == TuitionAccount.Status.AWAITING_DEPOSIT


def test_an_old_signature_is_refused(client, paying):
    _, intent = paying
    payload = event_payload("payment_intent.succeeded", intent)
    response = client.post(
        reverse("tuition:webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_for(payload, at=1_000_000_000),
    )
    assert response.status_code == 400


def test_the_webhook_is_not_there_while_payments_are_off(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    payload = event_payload("payment_intent.succeeded", {"id": "pi_x"})
    assert webhook_post(client, payload).status_code == 404


def test_a_lost_webhook_is_recovered_by_the_reconciler(paying):
    from datetime import timedelta

    from django.utils import timezone

    from tuition.services import events

    account, _ = paying
    assert events.payments_reconcile(now=timezone.now()) == 0  # too recent to chase
    assert events.payments_reconcile(now=timezone.now() + timedelta(minutes=11)) == 1
    account.refresh_from_db()
    assert account.status == TuitionAccount.Status.DEPOSIT_PAID
    assert events.payments_reconcile(now=timezone.now() + timedelta(minutes=11)) == 0
