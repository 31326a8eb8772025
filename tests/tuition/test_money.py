"""Money is integer cents: the arithmetic, and no float field in any tuition model."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from tuition import money


def test_no_tuition_model_has_a_float_or_decimal_field():
    fields = [
        (model.__name__, field.name, type(field).__name__)
        for model in apps.get_app_config("tuition").get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.Field)
    ]
    assert len(fields) > 40  # every model was looked at
    assert not [f for f in fields if f[2] in ("FloatField", "DecimalField")]
    amounts = [f for f in fields if f[1].endswith("_minor")]
    assert amounts and all(
        kind in ("PositiveIntegerField", "IntegerField") for _, _, kind in amounts
    )


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=36))
def test_installments_add_up_to_the_cent(amount, count):
    parts = money.installment_split(amount, count)
    assert sum(parts) == amount and len(parts) == count
    assert max(parts) - min(parts) <= 1
    assert all(isinstance(part, int) for part in parts)


def test_money_reads_without_floats():
    assert money.money_format(123456, "eur") == "EUR 1,234.56"
    assert money.money_format(5, "usd") == "USD 0.05"
    assert money.discount_amount(850_000, percent_off=15, amount_off_minor=None) == 127_500
    assert money.discount_amount(1000, percent_off=None, amount_off_minor=5000) == 1000


START = date(2027, 9, 6)  # a Monday


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (START - timedelta(days=1), 900_000),  # the day before the start: everything
        (START, 900_000 - 75_000),  # week 1 begun: 1/12 of 900,000 kept
        (START + timedelta(days=6), 900_000 - 75_000),  # the last day of week 1
        (START + timedelta(days=7), 900_000 - 150_000),  # week 2's first day
        (START + timedelta(days=20), 900_000 - 225_000),  # the last day of week 3
        (START + timedelta(days=21), 0),  # week 4: nothing, by the policy
        (START + timedelta(days=200), 0),
    ],
)
def test_refund_policy_at_its_week_boundaries(today, expected):
    assert (
        money.refund_due(
            paid_minor=900_000,
            total_minor=900_000,
            weeks=12,
            start=START,
            today=today,
            no_refund_from_week=4,
        )
        == expected
    )


def test_a_refund_never_exceeds_what_was_paid_nor_goes_below_zero():
    # Only the deposit paid, in week 2: the weeks begun cost more than the deposit.
    assert (
        money.refund_due(
            paid_minor=50_000,
            total_minor=900_000,
            weeks=12,
            start=START,
            today=START + timedelta(days=8),
            no_refund_from_week=4,
        )
        == 0
    )
