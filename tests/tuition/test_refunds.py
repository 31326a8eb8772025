"""Refunds by the policy through Stripe: shown before withdrawing, issued on withdrawal,
partial refunds by staff, and who decided."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Enrolment
from tests.enrolment.factories import CohortFactory
from tests.tuition.support import card_saved, intent_event, signed_up_and_confirmed
from tuition.models import Payment, TuitionAccount
from tuition.services import payments, refunds

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_in_full(
    client, stripe_on, tuition_price, eager_celery, django_capture_on_commit_callbacks
):
    """Dana paid the deposit and the rest (in full): EUR 9,000.00, all through Stripe."""
    cohort = CohortFactory(program=tuition_price.program, capacity=2)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    account = enrolment.tuition
    deposit = payments.deposit_pay(account=account, setup_intent_id=card_saved(account))
    intent_event(client, stripe_on, deposit.payment_intent_id)
    assert payments.installments_charge_due() == 1
    rest = account.payments.get(kind=Payment.Kind.INSTALLMENT)
    assert intent_event(client, stripe_on, rest.payment_intent_id).content == b"installment paid"
    assert refunds.paid_minor(account) == 900_000
    return account


def _on_day(clock, account, day: int):
    """Clock at noon of the cohort's day `day` (0: its first day)."""
    start = account.enrolment.cohort.start_date
    moment = timezone.make_aware(
        timezone.datetime.combine(start + timedelta(days=day), timezone.datetime.min.time())
    ) + timedelta(hours=12)
    clock.set(moment)


# EUR 9,000.00 over 12 weeks (EUR 750.00 a week begun), no refund from week 4. Each week's
# first and last day: day 6 is still week 1, day 20 the last day of week 3 (a refund).
BY_WEEK = [
    (-1, 900_000),
    (0, 825_000),
    (6, 825_000),
    (7, 750_000),
    (20, 675_000),
    (21, 0),
]


@pytest.mark.parametrize(("day", "expected"), BY_WEEK)
def test_the_quote_follows_the_policy_by_week(clock, paid_in_full, day, expected):
    _on_day(clock, paid_in_full, day)
    assert refunds.refund_quote(account=paid_in_full) == expected


def test_the_withdraw_page_shows_the_refund_before_confirming(client, clock, paid_in_full):
    _on_day(clock, paid_in_full, 7)
    enrolment = paid_in_full.enrolment
    client.force_login(enrolment.user)
    page = client.get(reverse("enrolment_withdraw", args=[enrolment.pk]))
    assert "Withdrawing today refunds EUR 7,500.00" in page.content.decode()
    paid_in_full.refresh_from_db()
    assert paid_in_full.status == TuitionAccount.Status.DEPOSIT_PAID  # only shown


@pytest.mark.parametrize(
    ("day", "expected"), [(7, 750_000), (20, 675_000), (21, 0)], ids=["day7", "day20", "day21"]
)
def test_withdrawing_issues_the_refund_through_stripe(
    client, clock, stripe_on, paid_in_full, django_capture_on_commit_callbacks, day, expected
):
    """Week 2's first day, week 3's last (the last refund), week 4's first (none): what is
    recorded is what Stripe refunded, and what is left paid is the rest."""
    _on_day(clock, paid_in_full, day)
    enrolment = paid_in_full.enrolment
    client.force_login(enrolment.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enrolment_withdraw", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    made = list(paid_in_full.refunds.order_by("pk"))
    assert sum(r.amount_minor for r in made) == expected
    assert all(r.decided_by == enrolment.user and r.reason == "withdrawal" for r in made)
    assert all(r.stripe_refund_id for r in made)  # each one sent
    for refund in made:
        assert stripe_on.v1.refunds.retrieve(refund.stripe_refund_id).amount == refund.amount_minor
    assert refunds.paid_minor(paid_in_full) == 900_000 - expected
    paid_in_full.refresh_from_db()
    assert paid_in_full.status == TuitionAccount.Status.WITHDRAWN


def test_staff_decide_a_partial_refund_and_it_is_recorded(
    stripe_on, paid_in_full, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (refund,) = refunds.refund_issue(
            account=paid_in_full, amount_minor=12_345, reason="goodwill", decided_by=staff_user
        )
    refund.refresh_from_db()
    assert (refund.amount_minor, refund.decided_by, refund.reason) == (
        12_345,
        staff_user,
        "goodwill",
    )
    assert stripe_on.v1.refunds.retrieve(refund.stripe_refund_id).amount == 12_345
    assert refunds.paid_minor(paid_in_full) == 900_000 - 12_345
    with pytest.raises(ValidationError):
        refunds.refund_issue(
            account=paid_in_full, amount_minor=900_000, reason="too much", decided_by=staff_user
        )


def test_sending_a_refund_twice_refunds_once(stripe_on, paid_in_full, staff_user):
    (refund,) = refunds.refund_issue(
        account=paid_in_full, amount_minor=100, reason="test", decided_by=staff_user
    )
    assert refunds.refund_send(refund_id=refund.pk) is True
    assert refunds.refund_send(refund_id=refund.pk) is False
    payment = refund.payment
    listed = stripe_on.v1.refunds.list(params={"payment_intent": payment.payment_intent_id})
    assert [r.amount for r in listed.data] == [100]
