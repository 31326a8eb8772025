"""Discount codes and scholarships: limits, expiry, holders, and concurrent use on
PostgreSQL that never goes past max_uses."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.enrolment.factories import CohortFactory, EnrolmentFactory
from tests.factories import UserFactory
from tuition.models import DiscountCode, DiscountUse, TuitionAccount
from tuition.services import accounts


def _account(cohort) -> TuitionAccount:
    enrolment = EnrolmentFactory(cohort=cohort, status="enrolled", user=UserFactory())
    return TuitionAccount.objects.create(
        enrolment=enrolment,
        currency="eur",
        price_minor=900_000,
        deposit_minor=50_000,
        deposit_due_at=timezone.now() + timedelta(days=3),
    )


@pytest.mark.django_db
def test_a_percentage_code_comes_off_the_balance_and_its_use_is_recorded(tuition_price):
    account = _account(CohortFactory(program=tuition_price.program))
    DiscountCode.objects.create(code="SPRING15", percent_off=15, max_uses=5)
    accounts.plan_choose(account=account, installments=2, code="spring15")
    account.refresh_from_db()
    assert account.discount_minor == 127_500  # 15% of the EUR 8,500.00 after the deposit
    assert account.total_minor == 772_500
    use = DiscountUse.objects.get()
    assert (use.account, use.amount_minor) == (account, 127_500)
    with pytest.raises(ValidationError, match="already applied"):
        accounts.discount_apply(account=account, code="SPRING15")


@pytest.mark.django_db
def test_expired_unknown_and_someone_elses_codes_are_refused(tuition_price, alice):
    account = _account(CohortFactory(program=tuition_price.program))
    DiscountCode.objects.create(
        code="OLD", amount_off_minor=100, expires_at=timezone.now() - timedelta(minutes=1)
    )
    DiscountCode.objects.create(
        code="ALICE", amount_off_minor=100_000, is_scholarship=True, only_for=alice
    )
    for code, message in [("OLD", "expired"), ("NOPE", "not known"), ("ALICE", "not known")]:
        with pytest.raises(ValidationError, match=message):
            accounts.discount_apply(account=account, code=code)
    assert DiscountCode.objects.get(code="OLD").times_used == 0


USERS = 12
USES = 5


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_code_used_concurrently_is_never_over_used(require_postgres, tuition_price):
    cohort = CohortFactory(program=tuition_price.program, capacity=USERS)
    DiscountCode.objects.create(code="RUSH", amount_off_minor=10_000, max_uses=USES)
    account_ids = [_account(cohort).pk for _ in range(USERS)]
    start = threading.Barrier(USERS)
    outcomes: list[str] = []

    def use(account_id: int):
        try:
            account = TuitionAccount.objects.select_related("enrolment").get(pk=account_id)
            start.wait(timeout=30)
            accounts.discount_apply(account=account, code="RUSH")
            outcomes.append("used")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        except BaseException as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=use, args=(pk,)) for pk in account_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == sorted(
        ["used"] * USES + ["That code has expired or has been used up."] * (USERS - USES)
    )
    assert DiscountCode.objects.get(code="RUSH").times_used == USES
    assert DiscountUse.objects.count() == USES
    assert TuitionAccount.objects.filter(discount_minor=10_000).count() == USES
