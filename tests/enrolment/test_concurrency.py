"""Concurrent sign-ups on PostgreSQL never over-allocate seats and queue in arrival order."""

import threading

import pytest
from django.db import connection

from enrolment import selectors, services
from enrolment.models import Cohort, Enrolment
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
            services.application_submit(
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
