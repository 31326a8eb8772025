"""Fixtures of the tuition tests: the Stripe server (tests/stripe_server.py) and a price."""

import pytest

from tests.enrolment.conftest import intensive, programs  # noqa: F401 - fixtures
from tests.stripe_server import stripe_on, stripe_server  # noqa: F401 - fixtures
from tuition.models import TuitionPrice


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
