"""Concurrent sign-ups on PostgreSQL never over-allocate seats and queue in arrival order."""

import threading

import pytest
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
