"""Installments: charged by the beat with the saved card; a failure retries, emails the
student, flags them for staff and never withdraws them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enrolment.models import Enrolment
from outbox.models import OutgoingEmail
from tests.tuition.support import card_saved, intent_event
from tuition import emails
from tuition.models import Payment, TuitionAccount
from tuition.services import payments

pytestmark = pytest.mark.django_db

DECLINED_ON_CHARGE = "4000000000000341"  # the server saves it, then declines every charge


def test_the_balance_is_split_into_monthly_installments(paid_deposit):
    parts = list(paid_deposit.payments.filter(kind=Payment.Kind.INSTALLMENT))
    assert [p.amount_minor for p in parts] == [283_334, 283_333, 283_333]
    assert parts[1].due_at - parts[0].due_at == timedelta(days=30)


def test_a_failed_installment_emails_flags_and_keeps_the_student(
    client, stripe_on, paid_deposit, settings, eager_celery
):
    account = paid_deposit
    # The card on file now declines (a new card saved at the server, as after an expiry).
    card_saved(account, card=DECLINED_ON_CHARGE)
    account.payment_method_id = stripe_on.v1.setup_intents.retrieve(
        account.setup_intent_id
    ).payment_method
    account.save()
    now = timezone.now()
    assert payments.installments_charge_due(now=now) == 1
    first = account.payments.get(kind=Payment.Kind.INSTALLMENT, number=1)
    assert first.status == Payment.Status.PENDING  # until Stripe's event says otherwise
    response = intent_event(client, stripe_on, first.payment_intent_id)
    assert response.content == b"installment failed"
    first.refresh_from_db()
    account.refresh_from_db()
    assert first.status == Payment.Status.FAILED
    assert first.next_attempt_at > now + timedelta(days=settings.TUITION_INSTALLMENT_RETRY_DAYS - 1)
    assert account.needs_staff is True
    assert account.enrolment.status == Enrolment.Status.ENROLLED
    assert account.status == TuitionAccount.Status.DEPOSIT_PAID
    assert OutgoingEmail.objects.filter(kind=emails.PAYMENT_FAILED, object_id=first.pk).count() == 1
    # Not tried again before its time; tried again (and failing again) after it.
    assert payments.installments_charge_due(now=now + timedelta(days=1)) == 0
    assert payments.installments_charge_due(now=first.next_attempt_at) == 1
    first.refresh_from_db()
    assert first.attempts == 2


def test_the_failure_email_says_what_happened(stripe_on, paid_deposit):
    payment = paid_deposit.payments.get(kind=Payment.Kind.INSTALLMENT, number=1)
    Payment.objects.filter(pk=payment.pk).update(
        status=Payment.Status.FAILED,
        failure_message="Your card was declined.",
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(days=3),
    )
    email = OutgoingEmail(kind=emails.PAYMENT_FAILED, object_id=payment.pk)
    message = emails.payment_failed_message(email)
    assert "could not be charged" in message.subject
    assert "Your card was declined." in message.body and "You stay enrolled." in message.body
    assert message.to == ["dana@example.com"]
