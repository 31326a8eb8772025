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


def test_the_price_charged_is_the_price_the_programs_page_shows(programs):
    seed_tuition_demo()
    for price in TuitionPrice.objects.select_related("program"):
        price.program.refresh_from_db()
        assert price.program.price_minor == price.price_minor
        assert price.program.currency == price.currency.upper()
    intensive = TuitionPrice.objects.get(program__slug="intensive")
    intensive.price_minor += 100_00
    intensive.save()
    intensive.program.refresh_from_db()
    assert intensive.program.price_minor == intensive.price_minor
