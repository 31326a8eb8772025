"""A program's price (integer minor units and an ISO currency) and what /programs/ says."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enrolment.money import Money, code_display, minor_per_unit
from tests.syllabus.factories import WeekFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "minor, currency, shown",
    [
        (1250000, "EUR", "\u20ac12,500.00"),
        (999, "USD", "$9.99"),
        (1200000, "JPY", "1,200,000 JPY"),
        (1234567, "CHF", "12,345.67 CHF"),
    ],
)
def test_money_is_shown_from_minor_units(minor, currency, shown):
    assert str(Money(minor, currency)) == shown


@pytest.mark.parametrize(
    "minor, currency, shown, per_unit",
    [
        (9_400_000, "USD", "USD 94,000", 100),
        (9_400_050, "usd", "USD 94,000.50", 100),
        (9_400_000, "JPY", "JPY 9,400,000", 1),
        (1_234_567, "KWD", "KWD 1,234.567", 1000),
        (1_234_050, "KWD", "KWD 1,234.050", 1000),
    ],
)
def test_an_amount_reads_with_its_currencys_own_places(minor, currency, shown, per_unit):
    assert code_display(minor, currency) == shown
    assert minor_per_unit(currency) == per_unit


def test_the_currency_must_be_an_iso_code(intensive):
    intensive.currency = "euro"
    with pytest.raises(ValidationError):
        intensive.full_clean()


def test_programs_page_shows_price_covers_and_syllabus(client, intensive, flexible):
    intensive.price_minor, intensive.currency = 1250000, "EUR"
    intensive.covers = "Twelve graded labs\n\nInstructor review every day"
    intensive.save()
    WeekFactory(number=2, title="Cleaning data")
    page = " ".join(client.get(reverse("programs")).content.decode().split())
    assert "\u20ac12,500.00" in page
    assert "<li>Twelve graded labs</li>" in page and "<li>Instructor review every day</li>" in page
    assert "to be announced" in page  # Flexible has no price yet
    # Each program's weeks on its own calendar, and a link to its syllabus.
    assert "Week 2:</span> Cleaning data" in page
    assert "Weeks 3\u20135:</span> Cleaning data" in page
    assert reverse("syllabus:public", args=["flexible"]) in page
