"""Under real concurrency on PostgreSQL: one event delivered many times at once is applied
once, and the beat releasing a seat while its deposit's event arrives never leaves someone
paid for a seat they lost."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from outbox.models import OutgoingEmail
from tests.enrolment.factories import CohortFactory
from tests.tuition.support import card_saved, event_payload, signed_up_and_confirmed, webhook_post
from tuition import emails
from tuition.models import Payment, StripeEvent, TuitionAccount
from tuition.services import holds, payments

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _together(calls) -> list:
    start = threading.Barrier(len(calls))
    results: list = []

    def run(call):
        try:
            start.wait(timeout=30)
            results.append(call())
        except BaseException as error:  # reported by the assertions
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def paid_at_stripe(stripe_on, tuition_price):
    cohort = CohortFactory(program=tuition_price.program, capacity=1)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    account = enrolment.tuition
    deposit = payments.deposit_pay(account=account, setup_intent_id=card_saved(account))
    return account, stripe_on.v1.payment_intents.retrieve(deposit.payment_intent_id).to_dict()


def test_one_event_delivered_eight_times_at_once_is_applied_once(require_postgres, paid_at_stripe):
    account, intent = paid_at_stripe
    payload = event_payload("payment_intent.succeeded", intent, event_id="evt_storm")
    results = _together([lambda: webhook_post(Client(), payload).content for _ in range(8)])
    assert sorted(results) == [b"deposit paid"] + [b"replay"] * 7
    assert StripeEvent.objects.count() == 1
    assert OutgoingEmail.objects.filter(kind=emails.RECEIPT).count() == 1
    assert account.payments.filter(kind=Payment.Kind.INSTALLMENT).count() == 1


def test_a_release_racing_the_deposit_never_keeps_money_for_a_lost_seat(
    require_postgres, paid_at_stripe
):
    account, intent = paid_at_stripe
    TuitionAccount.objects.filter(pk=account.pk).update(
        deposit_due_at=timezone.now() - timedelta(minutes=1)
    )
    payload = event_payload("payment_intent.succeeded", intent)
    results = _together(
        [lambda: webhook_post(Client(), payload).content, holds.unpaid_deposits_release]
    )
    account.refresh_from_db()
    seated = account.enrolment.status == "enrolled"
    if seated:  # the event came first: paid, kept, nothing released
        assert account.status == TuitionAccount.Status.DEPOSIT_PAID and 0 in results
        assert not account.refunds.exists()
    else:  # the beat came first: released, and the deposit refunded in full
        assert account.status == TuitionAccount.Status.RELEASED
        assert b"deposit refunded: no seat" in results
        assert account.refunds.get().amount_minor == 50_000
