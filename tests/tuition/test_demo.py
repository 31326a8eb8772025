"""The demo's tuition: prices for both programs, a code and a scholarship; twice is once."""

import pytest

from tests.factories import UserFactory
from tuition.demo import seed_tuition_demo
from tuition.models import DiscountCode, TuitionPrice

pytestmark = pytest.mark.django_db


def test_the_demo_prices_both_programs_and_adds_a_code_and_a_scholarship(programs):
    student = UserFactory(username="student")
    seed_tuition_demo()
    seed_tuition_demo()
    prices = {p.program.slug: p for p in TuitionPrice.objects.select_related("program")}
    assert set(prices) == {"intensive", "flexible"}
    assert all(p.deposit_minor < p.price_minor for p in prices.values())
    assert DiscountCode.objects.get(code="EARLYBIRD").percent_off == 10
    assert DiscountCode.objects.get(is_scholarship=True).only_for == student
    assert DiscountCode.objects.count() == 2
