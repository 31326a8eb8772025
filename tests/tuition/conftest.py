"""Fixtures of the tuition tests: the Stripe server (tests/stripe_server.py) and a price."""

import pytest

from tests.enrolment.conftest import intensive, programs  # noqa: F401 - fixtures
from tests.enrolment.factories import CohortFactory
from tests.stripe_server import stripe_on, stripe_server  # noqa: F401 - fixtures
from tests.tuition.support import card_saved, intent_event, signed_up_and_confirmed
from tuition.models import Payment, TuitionPrice
from tuition.services import accounts, payments


@pytest.fixture
def tuition_price(intensive):  # noqa: F811 - the fixture imported above
    """EUR 9,000.00 for the Intensive, a EUR 500.00 deposit held 72 hours, up to 3
    installments, no refund from week 4."""
    return TuitionPrice.objects.create(
        program=intensive,
        currency="eur",
        price_minor=900_000,
        deposit_minor=50_000,
        max_installments=3,
        deposit_hold_hours=72,
        no_refund_from_week=4,
    )


@pytest.fixture
def paid_deposit(client, stripe_on, tuition_price, eager_celery):  # noqa: F811
    """Dana paid the EUR 500.00 deposit of a seat in three weeks; three installments follow."""
    cohort = CohortFactory(program=tuition_price.program, capacity=2)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    account = accounts.plan_choose(account=enrolment.tuition, installments=3)
    deposit = payments.deposit_pay(account=account, setup_intent_id=card_saved(account))
    assert intent_event(client, stripe_on, deposit.payment_intent_id).content == b"deposit paid"
    assert account.payments.filter(status=Payment.Status.SCHEDULED).count() == 3
    return account
