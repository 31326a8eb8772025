"""A deposit holds the seat: paid (Stripe's signed event says so) keeps it; unpaid past the
program's hold passes it to the waitlist through enrolment's offers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Enrolment, Offer
from tests.enrolment.factories import CohortFactory
from tests.tuition.support import card_saved, intent_event, signed_up_and_confirmed
from tuition import selectors
from tuition.models import Payment, TuitionAccount
from tuition.services import holds, payments

pytestmark = pytest.mark.django_db


def test_a_kept_seat_asks_for_the_deposit_within_the_hold(stripe_on, tuition_price):
    cohort = CohortFactory(program=tuition_price.program, capacity=1)
    before = timezone.now()
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    account = enrolment.tuition
    assert account.status == TuitionAccount.Status.AWAITING_DEPOSIT
    assert account.deposit_due_at >= before + timedelta(hours=72)
    deposit = account.payments.get()
    assert (deposit.kind, deposit.amount_minor, deposit.currency) == ("deposit", 50_000, "eur")


def test_without_stripe_keys_no_deposit_is_asked(settings, tuition_price):
    settings.STRIPE_SECRET_KEY = ""
    cohort = CohortFactory(program=tuition_price.program)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    assert not TuitionAccount.objects.filter(enrolment=enrolment).exists()


def test_deposit_paid_keeps_the_seat(client, stripe_on, tuition_price, mailoutbox):
    cohort = CohortFactory(program=tuition_price.program, capacity=1)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    account = enrolment.tuition
    setup_intent = card_saved(account)
    deposit = payments.deposit_pay(account=account, setup_intent_id=setup_intent)
    # The redirect changes nothing: only Stripe's event does.
    assert deposit.status == Payment.Status.PENDING
    response = intent_event(client, stripe_on, deposit.payment_intent_id)
    assert response.status_code == 200, response.content
    assert response.content == b"deposit paid"
    account.refresh_from_db()
    assert account.status == TuitionAccount.Status.DEPOSIT_PAID
    # Past the hold, the beat releases nothing: the seat stays.
    assert holds.unpaid_deposits_release(now=timezone.now() + timedelta(days=10)) == 0
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED
    # The balance is now scheduled (in full: one installment).
    rest = account.payments.get(kind=Payment.Kind.INSTALLMENT)
    assert rest.amount_minor == 850_000


def test_deposit_unpaid_passes_the_seat_to_the_waitlist(clock, stripe_on, tuition_price):
    cohort = CohortFactory(program=tuition_price.program, capacity=1)
    start = clock.set(timezone.now())
    holder = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    waiting = signed_up_and_confirmed(tuition_price.program, cohort, "eli@example.com")
    assert waiting.status == Enrolment.Status.WAITLISTED
    clock.set(start + timedelta(hours=71, minutes=59))
    assert holds.unpaid_deposits_release() == 0
    clock.set(start + timedelta(hours=72))
    assert holds.unpaid_deposits_release() == 1
    assert holds.unpaid_deposits_release() == 0  # a second beat finds nothing
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == Enrolment.Status.WAITLISTED
    assert holder.tuition.status == TuitionAccount.Status.RELEASED
    # The same offer machinery as an unconfirmed email: the next person is offered the seat.
    assert waiting.status == Enrolment.Status.OFFERED
    assert Offer.objects.filter(enrolment=waiting, status=Offer.Status.PENDING).exists()


def test_a_deposit_paid_after_the_release_is_refunded_in_full(
    client, clock, stripe_on, tuition_price, eager_celery, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=tuition_price.program, capacity=1)
    start = clock.set(timezone.now())
    holder = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    account = holder.tuition
    setup_intent = card_saved(account)
    deposit = payments.deposit_pay(account=account, setup_intent_id=setup_intent)
    clock.set(start + timedelta(hours=73))
    assert holds.unpaid_deposits_release() == 1  # the event was late
    with django_capture_on_commit_callbacks(execute=True):
        response = intent_event(client, stripe_on, deposit.payment_intent_id)
    assert response.content == b"deposit refunded: no seat"
    refund = account.refunds.get()
    assert refund.decided_by is None  # automatic
    assert refund.amount_minor == 50_000
    assert refund.stripe_refund_id.startswith("re_")  # sent to Stripe after commit
    assert stripe_on.v1.refunds.retrieve(refund.stripe_refund_id).amount == 50_000


def test_accepting_an_offered_seat_asks_for_the_deposit(clock, stripe_on, tuition_price):
    from enrolment.services import offers

    cohort = CohortFactory(program=tuition_price.program, capacity=1)
    start = clock.set(timezone.now())
    signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    waiting = signed_up_and_confirmed(tuition_price.program, cohort, "eli@example.com")
    assert not TuitionAccount.objects.filter(enrolment=waiting).exists()  # no seat, no bill
    clock.set(start + timedelta(hours=73))
    holds.unpaid_deposits_release()
    offer = Offer.objects.get(enrolment=waiting, status=Offer.Status.PENDING)
    offers.offer_accept(offer_id=offer.pk)
    account = TuitionAccount.objects.get(enrolment=waiting)
    assert account.status == TuitionAccount.Status.AWAITING_DEPOSIT
    assert account.deposit_due_at == start + timedelta(hours=73 + 72)


def test_a_declined_deposit_says_so_and_another_card_can_pay(client, stripe_on, tuition_price):
    cohort = CohortFactory(program=tuition_price.program, capacity=1)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    client.force_login(enrolment.user)
    url = reverse("tuition:deposit", args=[enrolment.pk])
    account = enrolment.tuition
    declined = card_saved(account, card="4000000000000341")
    page = client.post(url, {"action": "pay", "setup_intent": declined}, follow=True)
    assert "The card was declined: Your card was declined." in page.content.decode()
    first = account.payments.get().payment_intent_id
    # Stripe's event has not come yet; the next try asks Stripe about the first one.
    accepted = card_saved(account)
    response = client.post(url, {"action": "pay", "setup_intent": accepted})
    assert response.status_code == 302
    deposit = account.payments.get()
    assert deposit.status == Payment.Status.PENDING and deposit.payment_intent_id != first
    assert deposit.attempts == 2
    assert intent_event(client, stripe_on, deposit.payment_intent_id).content == b"deposit paid"


def test_a_seat_offered_again_after_a_refunded_deposit_asks_for_a_new_deposit(
    client, clock, stripe_on, tuition_price, eager_celery, django_capture_on_commit_callbacks
):
    from enrolment.services import changes, offers

    cohort = CohortFactory(program=tuition_price.program, capacity=1)
    start = clock.set(timezone.now())
    holder = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    waiting = signed_up_and_confirmed(tuition_price.program, cohort, "eli@example.com")
    account = holder.tuition
    late = payments.deposit_pay(account=account, setup_intent_id=card_saved(account))
    clock.set(start + timedelta(hours=73))
    assert holds.unpaid_deposits_release() == 1  # Dana to the waitlist, Eli offered
    with django_capture_on_commit_callbacks(execute=True):
        assert intent_event(client, stripe_on, late.payment_intent_id).content == (
            b"deposit refunded: no seat"
        )
    # Eli says no: the seat is offered to Dana, who accepts.
    offers.offer_decline(offer_id=Offer.objects.get(enrolment=waiting, status="pending").pk)
    changes.waitlist_promote(cohort=cohort)
    offers.offer_accept(offer_id=Offer.objects.get(enrolment=holder, status="pending").pk)
    account.refresh_from_db()
    assert account.status == TuitionAccount.Status.AWAITING_DEPOSIT  # the refund counts
    assert account.deposit_due_at == start + timedelta(hours=73 + 72)
    again = account.deposit_current()
    assert (again.number, again.status, again.amount_minor) == (1, "scheduled", 50_000)
    assert selectors.statement(account).owed_minor == 900_000
    # Paying it keeps the seat and schedules the balance, charged by the beat.
    deposit = payments.deposit_pay(account=account, setup_intent_id=card_saved(account))
    assert deposit.pk == again.pk
    assert intent_event(client, stripe_on, deposit.payment_intent_id).content == b"deposit paid"
    account.refresh_from_db()
    assert account.status == TuitionAccount.Status.DEPOSIT_PAID
    assert account.payments.get(kind=Payment.Kind.INSTALLMENT).amount_minor == 850_000
    assert payments.installments_charge_due() == 1


def test_a_deposit_stripe_refuses_to_start_stays_payable(client, stripe_on, tuition_price):
    cohort = CohortFactory(program=tuition_price.program, capacity=1)
    enrolment = signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com")
    client.force_login(enrolment.user)
    url = reverse("tuition:deposit", args=[enrolment.pk])
    account = enrolment.tuition
    setup_intent = card_saved(account)
    customer = account.stripe_customer_id
    # Stripe refuses the PaymentIntent (a customer it does not know, as if deleted).
    TuitionAccount.objects.filter(pk=account.pk).update(stripe_customer_id="cus_gone")
    page = client.post(url, {"action": "pay", "setup_intent": setup_intent}, follow=True)
    assert "could not be started (nothing was charged)" in page.content.decode()
    deposit = account.payments.get()
    assert (deposit.status, deposit.payment_intent_id, deposit.attempts) == ("scheduled", "", 0)
    # Stripe answers again: the same card pays, no "still being processed".
    TuitionAccount.objects.filter(pk=account.pk).update(stripe_customer_id=customer)
    account.refresh_from_db()
    response = client.post(url, {"action": "pay", "setup_intent": card_saved(account)})
    assert response.status_code == 302
    deposit.refresh_from_db()
    assert deposit.status == Payment.Status.PENDING and deposit.attempts == 1
    assert intent_event(client, stripe_on, deposit.payment_intent_id).content == b"deposit paid"
