"""Tuition's receipt, sent through the outbox when Stripe's event says a payment is paid."""

import pytest

from outbox import registry
from outbox.models import OutgoingEmail
from tests.enrolment.factories import CohortFactory
from tests.tuition.support import card_saved, intent_event, signed_up_and_confirmed
from tuition import emails
from tuition.models import Payment
from tuition.services import payments

pytestmark = pytest.mark.django_db


def test_a_paid_deposit_and_installment_each_email_a_receipt(
    client, stripe_on, tuition_price, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=tuition_price.program, name="Intensive Autumn")
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    account = enrolment.tuition
    deposit = payments.deposit_pay(account=account, setup_intent_id=card_saved(account))
    mailoutbox.clear()  # the sign-up's emails
    with django_capture_on_commit_callbacks(execute=True):
        assert intent_event(client, stripe_on, deposit.payment_intent_id).content == (
            b"deposit paid"
        )
    (receipt,) = mailoutbox
    assert receipt.to == ["dana@example.com"]
    assert receipt.subject == "Receipt: EUR 500.00 for Intensive Autumn"
    assert "We received EUR 500.00 for Intensive Autumn (deposit)" in receipt.body
    assert f"Reference: {deposit.payment_intent_id}" in receipt.body
    assert deposit.payment_intent_id.startswith("pi_")
    assert "/account/" in receipt.body
    assert OutgoingEmail.objects.filter(kind=emails.RECEIPT, object_id=deposit.pk).count() == 1

    mailoutbox.clear()
    assert payments.installments_charge_due() == 1
    rest = account.payments.get(kind=Payment.Kind.INSTALLMENT)
    with django_capture_on_commit_callbacks(execute=True):
        intent_event(client, stripe_on, rest.payment_intent_id)
    (receipt,) = mailoutbox
    assert receipt.subject == "Receipt: EUR 8,500.00 for Intensive Autumn"
    assert "(installment 1)" in receipt.body
    assert f"Reference: {rest.payment_intent_id}" in receipt.body


def test_no_receipt_for_a_payment_not_paid(stripe_on, tuition_price):
    cohort = CohortFactory(program=tuition_price.program)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    deposit = enrolment.tuition.deposit_current()
    with pytest.raises(registry.Skip):
        emails.receipt_message(OutgoingEmail(kind=emails.RECEIPT, object_id=deposit.pk))
