"""Concurrent sign-ups on PostgreSQL never over-allocate seats and queue in arrival order."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from enrolment import selectors
from enrolment.models import Cohort, Enrolment
from enrolment.services import applications, changes
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

APPLICANTS = 50
SEATS = 10


def test_concurrent_sign_ups_fill_exactly_the_seats_then_the_waitlist(
    require_postgres, intensive, eager_celery, mailoutbox
):
    cohort = CohortFactory(program=intensive, capacity=SEATS)
    start = threading.Barrier(APPLICANTS)
    errors: list[BaseException] = []

    def apply(number: int):
        try:
            start.wait(timeout=30)
            applications.application_submit(
                program=intensive,
                cohort=cohort,
                **application_data(email=f"applicant{number}@example.com"),
            )
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(n,)) for n in range(APPLICANTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert not any(thread.is_alive() for thread in threads)
    cohort.refresh_from_db()
    assert cohort.seats_taken == SEATS
    enrolments = list(
        selectors.enrolment_list_with_positions(Enrolment.objects.filter(cohort=cohort)).order_by(
            "created_at", "pk"
        )
    )
    statuses = [e.status for e in enrolments]
    # Arrival order (created_at, taken under the cohort row lock): the first ten got the
    # seats, everyone after them waits, in the order they arrived.
    assert statuses == [Enrolment.Status.ENROLLED] * SEATS + [Enrolment.Status.WAITLISTED] * (
        APPLICANTS - SEATS
    )
    positions = [selectors.waitlist_position(enrolment=e) for e in enrolments[SEATS:]]
    assert positions == list(range(1, APPLICANTS - SEATS + 1))
    # The inserts were serialized: primary keys follow the same order.
    assert [e.pk for e in enrolments] == sorted(e.pk for e in enrolments)
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.FULL
    # Every applicant got exactly one confirmation, after their transaction committed.
    assert len(mailoutbox) == APPLICANTS


def test_every_seat_change_takes_its_locks_inside_its_own_transaction(
    require_postgres, intensive, staff_user, eager_celery, mailoutbox
):
    """Called from outside any transaction, as views and admin actions call them: on
    PostgreSQL a row lock taken outside a transaction is an error, so a service that lost
    its @transaction.atomic fails here (the unit tests run inside one and cannot tell)."""
    import datetime

    cohort = CohortFactory(program=intensive, capacity=2)
    later = CohortFactory(
        program=intensive, capacity=2, start_date=cohort.start_date + datetime.timedelta(60)
    )
    people = [
        applications.application_submit(
            program=intensive, cohort=cohort, **application_data(email=f"p{n}@example.com")
        )
        for n in range(3)
    ]
    deferred = changes.enrolment_defer(enrolment=people[0], to_cohort=later, actor=people[0].user)
    assert deferred.cohort == later
    changes.enrolment_move(enrolment=people[1], to_cohort=later, actor=staff_user)
    changes.enrolment_waitlist(enrolment=people[2], actor=staff_user)
    changes.enrolment_approve(enrolment=people[2], actor=staff_user)
    changes.enrolment_withdraw(enrolment=people[2], actor=staff_user)

    assert Cohort.objects.get(pk=later.pk).seats_taken == 2
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 0


BURST = 300
BURST_SEATS = 30
POOL = 24  # concurrent database sessions: PostgreSQL here allows 100 for everyone


def test_a_burst_with_confirmations_offers_and_deadlines_never_overbooks(
    require_postgres, intensive, eager_celery, mailoutbox
):
    """300 sign-ups for 30 seats while others confirm their email, withdraw, accept or
    decline offers, and two 'beats' expire offers and release unconfirmed seats."""
    import datetime
    import random
    from concurrent.futures import ThreadPoolExecutor

    from django.utils import timezone

    from enrolment import links
    from enrolment.models import Offer
    from enrolment.services import confirmations, offers

    cohort = CohortFactory(program=intensive, capacity=BURST_SEATS)
    rng = random.Random(7)
    plans = [rng.choice(["stay", "confirm", "withdraw", "answer"]) for _ in range(BURST)]
    errors: list[BaseException] = []
    future = timezone.now() + datetime.timedelta(days=30)

    def offer_answer(enrolment):
        for offer_id in Offer.objects.filter(
            enrolment=enrolment, status=Offer.Status.PENDING
        ).values_list("pk", flat=True):
            try:
                if rng.random() < 0.5:
                    offers.offer_accept(offer_id=offer_id)
                else:
                    offers.offer_decline(offer_id=offer_id)
            except ValidationError:
                pass  # closed meanwhile by another thread: the answer is refused

    def one(number: int):
        try:
            enrolment = applications.application_submit(
                program=intensive,
                cohort=cohort if number % 3 else None,
                **application_data(email=f"burst{number}@example.com"),
            )
            plan = plans[number]
            if plan == "confirm":
                confirmations.email_confirm(token=links.confirm_token(user=enrolment.user))
            elif plan == "withdraw":
                try:
                    changes.enrolment_withdraw(enrolment=enrolment, actor=enrolment.user)
                except ValidationError:
                    pass
            elif plan == "answer":
                # Someone further down the list answers the offer they may have by now.
                earlier = Enrolment.objects.filter(
                    cohort=cohort, status=Enrolment.Status.OFFERED
                ).first()
                if earlier is not None:
                    offer_answer(earlier)
            if number % 25 == 0:  # two beats at once, with every deadline passed
                Offer.objects.filter(status=Offer.Status.PENDING).update(expires_at=timezone.now())
                offers.offers_expire()
                confirmations.unconfirmed_seats_release(now=future)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=POOL) as pool:
        list(pool.map(one, range(BURST)))
    offers.offers_expire()
    connection.close()

    assert errors == []
    cohort.refresh_from_db()
    holding = Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.HOLDING_A_SEAT)
    assert cohort.seats_taken == holding.count() <= BURST_SEATS
    # Every offered person has exactly one pending offer, and nobody else has one.
    pending = Offer.objects.filter(status=Offer.Status.PENDING)
    assert sorted(pending.values_list("enrolment_id", flat=True)) == sorted(
        holding.filter(status=Enrolment.Status.OFFERED).values_list("pk", flat=True)
    )
    # Nobody was enrolled without saying yes: each enrolled person signed up into a free
    # seat, or accepted an offer.
    for enrolment in Enrolment.objects.filter(status=Enrolment.Status.ENROLLED):
        notes = set(enrolment.events.values_list("note", flat=True))
        assert notes & {"signed up", "accepted"}, notes
    # Offers were in play during the burst (which ones got answered depends on timing).
    assert Offer.objects.exists()
    # A seat freed while people wait is always offered on.
    waiting = Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    if waiting.exists():
        assert cohort.seats_taken == BURST_SEATS

    # After the burst, in order: two enrolled people withdraw; the first seat's offer is
    # accepted, the second's expires and passes on. The counts still add up.
    assert waiting.count() >= 3, "300 sign-ups for 30 seats leave a waitlist"
    leavers = list(Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ENROLLED)[:2])
    changes.enrolment_withdraw(enrolment=leavers[0], actor=leavers[0].user)
    newest = Offer.objects.filter(status=Offer.Status.PENDING).latest("pk")
    accepted = offers.offer_accept(offer_id=newest.pk)
    assert accepted.status == Enrolment.Status.ENROLLED
    changes.enrolment_withdraw(enrolment=leavers[1], actor=leavers[1].user)
    Offer.objects.filter(status=Offer.Status.PENDING).update(expires_at=timezone.now())
    assert offers.offers_expire() >= 1
    closed = set(Offer.objects.values_list("status", flat=True))
    assert {Offer.Status.ACCEPTED, Offer.Status.EXPIRED} <= closed, closed
    cohort.refresh_from_db()
    holding = Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.HOLDING_A_SEAT)
    assert cohort.seats_taken == holding.count() == BURST_SEATS
