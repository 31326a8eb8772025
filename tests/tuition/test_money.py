"""Money is integer cents: the arithmetic, and no money field of any app (tuition's,
enrolment's prices, outcomes' salaries...) stored as a float or a decimal."""

import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from tuition import money

# A field whose name says money: it must be an integer count of a minor unit.
MONEY_NAME = re.compile(r"price|amount|salary|fee|deposit|refund|balance|cost|owed|_minor")
INTEGERS = (models.IntegerField, models.BigIntegerField, models.SmallIntegerField)


def money_field_problems(fields) -> list[str]:
    """(label, field) pairs: money-named fields stored as floats or decimals, and *_minor
    fields that are not integers."""
    problems = []
    for label, field in fields:
        where = f"{label}.{field.name} ({type(field).__name__})"
        if MONEY_NAME.search(field.name) and isinstance(
            field, (models.FloatField, models.DecimalField)
        ):
            problems.append(f"{where}: money as a float or decimal")
        elif field.name.endswith("_minor") and not isinstance(field, INTEGERS):
            problems.append(f"{where}: a minor-unit amount that is not an integer")
    return problems


def test_no_money_field_of_any_app_is_a_float_or_a_decimal():
    fields = [
        (model._meta.label, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.Field)
    ]
    names = {f"{label}.{field.name}" for label, field in fields}
    # Every app's money was looked at, not only tuition's.
    assert {
        "enrolment.Program.price_minor",
        "outcomes.JobRecord.base_salary_minor",
        "careers.Role.average_salary_usd",
        "tuition.Payment.amount_minor",
        "tuition.TuitionPrice.deposit_minor",
    } <= names
    assert money_field_problems(fields) == []
    # A tuition model has no float or decimal at all.
    inexact = (models.FloatField, models.DecimalField)
    assert not [f for label, f in fields if label.startswith("tuition.") and isinstance(f, inexact)]


def test_the_money_check_refuses_floats_and_decimals_by_name():
    def named(field, name):
        field.name = name
        return field

    problems = money_field_problems(
        [
            ("shop.Item", named(models.DecimalField(max_digits=9, decimal_places=2), "fee")),
            ("hr.Job", named(models.FloatField(), "base_salary")),
            ("hr.Job", named(models.CharField(max_length=9), "bonus_minor")),
            ("labs.Lab", named(models.FloatField(), "pass_ratio")),  # not money
            ("shop.Item", named(models.PositiveIntegerField(), "price_minor")),
        ]
    )
    assert problems == [
        "shop.Item.fee (DecimalField): money as a float or decimal",
        "hr.Job.base_salary (FloatField): money as a float or decimal",
        "hr.Job.bonus_minor (CharField): a minor-unit amount that is not an integer",
    ]


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
