"""A seat lost without withdrawing (staff's waitlist action, a deferral to a full cohort):
no seat, no bill. A paid account is closed as a withdrawal is (refund by the policy of the
cohort left, no more installments); an unpaid one is released, and the release beat never
stalls on accounts whose seat went away unheard of."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enrolment.models import Enrolment
from enrolment.services import changes
from tests.enrolment.factories import CohortFactory
from tests.tuition.support import signed_up_and_confirmed
from tuition.models import Payment, TuitionAccount
from tuition.services import holds, payments

pytestmark = pytest.mark.django_db


def _full_later_cohort(cohort):
    later = CohortFactory(
        program=cohort.program, capacity=1, start_date=cohort.start_date + timedelta(days=60)
    )
    signed_up_and_confirmed(cohort.program, later, "fay@example.com")
    return later


def _closed_and_refunded(account, stripe_on, status):
    account.refresh_from_db()
    assert account.status == status
    assert not account.payments.filter(status=Payment.Status.SCHEDULED).exists()
    (refund,) = account.refunds.all()  # before the start: the policy gives it all back
    assert refund.amount_minor == 50_000
    assert stripe_on.v1.refunds.retrieve(refund.stripe_refund_id).amount == 50_000
    # Months later the beat charges nothing.
    assert payments.installments_charge_due(now=timezone.now() + timedelta(days=90)) == 0


def test_staff_waitlisting_a_paid_student_refunds_and_stops_the_installments(
    stripe_on, paid_deposit, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        changes.enrolment_waitlist(enrolment=paid_deposit.enrolment, actor=staff_user)
    _closed_and_refunded(paid_deposit, stripe_on, TuitionAccount.Status.SEAT_LOST)
    assert paid_deposit.refunds.get().decided_by == staff_user


def test_deferring_to_a_full_cohort_refunds_and_stops_the_installments(
    stripe_on, paid_deposit, django_capture_on_commit_callbacks
):
    enrolment = paid_deposit.enrolment
    later = _full_later_cohort(enrolment.cohort)
    with django_capture_on_commit_callbacks(execute=True):
        changes.enrolment_defer(enrolment=enrolment, to_cohort=later, actor=enrolment.user)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.cohort) == (Enrolment.Status.WAITLISTED, later)
    _closed_and_refunded(paid_deposit, stripe_on, TuitionAccount.Status.SEAT_LOST)


def test_deferring_to_a_cohort_with_a_seat_keeps_the_account(stripe_on, paid_deposit):
    enrolment = paid_deposit.enrolment
    later = CohortFactory(
        program=enrolment.cohort.program,
        start_date=enrolment.cohort.start_date + timedelta(days=60),
    )
    changes.enrolment_defer(enrolment=enrolment, to_cohort=later, actor=enrolment.user)
    paid_deposit.refresh_from_db()
    assert paid_deposit.status == TuitionAccount.Status.DEPOSIT_PAID
    assert not paid_deposit.refunds.exists()
    assert payments.installments_charge_due() == 1  # the seat is held: charged as agreed


def test_an_unpaid_deposit_of_a_deferred_student_is_released(stripe_on, tuition_price):
    cohort = CohortFactory(program=tuition_price.program, capacity=2)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    later = _full_later_cohort(cohort)
    changes.enrolment_defer(enrolment=enrolment, to_cohort=later, actor=enrolment.user)
    enrolment.tuition.refresh_from_db()
    assert enrolment.tuition.status == TuitionAccount.Status.RELEASED


def test_the_beat_charges_no_installment_of_a_seat_lost_unheard_of(stripe_on, paid_deposit):
    # A seat lost by a path that did not tell tuition (an old row, a direct update).
    Enrolment.objects.filter(pk=paid_deposit.enrolment_id).update(
        status=Enrolment.Status.WAITLISTED
    )
    assert payments.installments_charge_due() == 0
    assert paid_deposit.payments.filter(status=Payment.Status.PENDING).count() == 0


def test_the_release_beat_closes_accounts_without_a_seat_and_releases_the_rest(
    clock, stripe_on, tuition_price
):
    cohort = CohortFactory(program=tuition_price.program, capacity=3)
    start = clock.set(timezone.now())
    stale = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    Enrolment.objects.filter(pk=stale.pk).update(status=Enrolment.Status.WAITLISTED)
    clock.set(start + timedelta(hours=1))
    due = signed_up_and_confirmed(tuition_price.program, cohort, "eli@example.com")
    clock.set(start + timedelta(hours=80))
    assert holds.unpaid_deposits_release() == 1
    stale.tuition.refresh_from_db()
    due.refresh_from_db()
    assert stale.tuition.status == TuitionAccount.Status.RELEASED  # not matched again
    assert due.tuition.status == TuitionAccount.Status.RELEASED
    assert due.status == Enrolment.Status.WAITLISTED
    assert not TuitionAccount.objects.filter(status=TuitionAccount.Status.AWAITING_DEPOSIT).exists()
