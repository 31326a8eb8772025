"""Seats and the waitlist: release, promotion, approve, waitlist, withdraw, defer, move."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enrolment import selectors
from enrolment.models import Cohort, Enrolment, EnrolmentEvent
from enrolment.services import applications, changes
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def sign_up(cohort, email):
    return applications.application_submit(
        program=cohort.program, cohort=cohort, **application_data(email=email)
    )


@pytest.fixture
def full_cohort(intensive):
    """One seat, taken by 'seated'; 'first' and 'second' wait in that order."""
    cohort = CohortFactory(program=intensive, capacity=1)
    people = {
        name: sign_up(cohort, f"{name}@example.com") for name in ("seated", "first", "second")
    }
    return cohort, people


def reload(enrolment):
    return Enrolment.objects.get(pk=enrolment.pk)


def test_withdrawing_a_seat_offers_it_to_the_head_of_the_waitlist(full_cohort, staff_user):
    cohort, people = full_cohort
    changes.enrolment_withdraw(enrolment=people["seated"], actor=staff_user)
    assert reload(people["seated"]).status == Status.WITHDRAWN
    assert reload(people["first"]).status == Status.OFFERED
    second = reload(people["second"])
    assert second.status == Status.WAITLISTED
    assert selectors.waitlist_position(enrolment=second) == 1
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 1


def test_promotion_is_recorded_with_who_caused_it(full_cohort, staff_user):
    _, people = full_cohort
    changes.enrolment_withdraw(enrolment=people["seated"], actor=staff_user)
    event = EnrolmentEvent.objects.filter(enrolment=people["first"]).latest("at", "pk")
    assert (event.from_status, event.to_status) == (Status.WAITLISTED, Status.OFFERED)
    assert event.actor == staff_user
    assert "waitlist" in event.note


def test_withdrawing_from_the_waitlist_frees_no_seat(full_cohort, staff_user):
    cohort, people = full_cohort
    changes.enrolment_withdraw(enrolment=people["first"], actor=staff_user)
    assert reload(people["seated"]).status == Status.ENROLLED
    assert selectors.waitlist_position(enrolment=reload(people["second"])) == 1
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 1


def test_withdrawing_twice_is_refused(full_cohort, staff_user):
    _, people = full_cohort
    changes.enrolment_withdraw(enrolment=people["first"], actor=staff_user)
    with pytest.raises(ValidationError):
        changes.enrolment_withdraw(enrolment=people["first"], actor=staff_user)


def test_seat_release_without_a_seat_is_refused(full_cohort, staff_user):
    _, people = full_cohort
    with pytest.raises(ValidationError):
        changes.seat_release(enrolment=people["first"], actor=staff_user)


def test_approve_refused_when_full_and_offers_a_seat_after_one_frees(full_cohort, staff_user):
    cohort, people = full_cohort
    with pytest.raises(ValidationError, match="full"):
        changes.enrolment_approve(enrolment=people["second"], actor=staff_user)
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    changes.enrolment_approve(enrolment=people["second"], actor=staff_user)
    assert reload(people["second"]).status == Status.OFFERED
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 2


def test_waitlisting_a_seated_person_gives_the_seat_to_the_head(full_cohort, staff_user):
    _, people = full_cohort
    changes.enrolment_waitlist(enrolment=people["seated"], actor=staff_user)
    assert reload(people["first"]).status == Status.OFFERED
    demoted = reload(people["seated"])
    assert demoted.status == Status.WAITLISTED
    # They join the end of the queue, behind 'second'.
    assert selectors.waitlist_position(enrolment=demoted) == 2


def test_waitlisting_the_only_seated_person_does_not_seat_them_again(intensive, staff_user):
    cohort = CohortFactory(program=intensive, capacity=1)
    alone = sign_up(cohort, "alone@example.com")
    changes.enrolment_waitlist(enrolment=alone, actor=staff_user)
    assert reload(alone).status == Status.WAITLISTED
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 0


def test_raising_capacity_promotes_the_waitlist(full_cohort, staff_user):
    cohort, people = full_cohort
    Cohort.objects.filter(pk=cohort.pk).update(capacity=3)
    promoted = changes.waitlist_promote(cohort=cohort, actor=staff_user)
    assert [p.pk for p in promoted] == [people["first"].pk, people["second"].pk]


def test_defer_moves_the_seat_to_a_later_cohort_and_promotes_the_old_head(full_cohort, staff_user):
    cohort, people = full_cohort
    later = CohortFactory(
        program=cohort.program, capacity=5, start_date=cohort.start_date + datetime.timedelta(60)
    )
    deferred = changes.enrolment_defer(
        enrolment=people["seated"], to_cohort=later, actor=people["seated"].user
    )
    assert (deferred.cohort, deferred.status) == (later, Status.ENROLLED)
    assert reload(people["first"]).status == Status.OFFERED
    assert Cohort.objects.get(pk=later.pk).seats_taken == 1
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 1
    event = deferred.events.latest("at", "pk")
    assert (event.from_cohort, event.to_cohort) == (cohort, later)


def test_defer_to_a_full_later_cohort_joins_its_waitlist(full_cohort):
    cohort, people = full_cohort
    later = CohortFactory(
        program=cohort.program, capacity=0, start_date=cohort.start_date + datetime.timedelta(60)
    )
    deferred = changes.enrolment_defer(
        enrolment=people["seated"], to_cohort=later, actor=people["seated"].user
    )
    assert deferred.status == Status.WAITLISTED
    assert selectors.waitlist_position(enrolment=deferred) == 1


def test_defer_to_an_earlier_or_other_program_cohort_is_refused(full_cohort, flexible):
    cohort, people = full_cohort
    earlier = CohortFactory(
        program=cohort.program, start_date=cohort.start_date - datetime.timedelta(days=7)
    )
    other = CohortFactory(program=flexible, start_date=cohort.start_date + datetime.timedelta(60))
    for target in (earlier, other):
        with pytest.raises(ValidationError):
            changes.enrolment_defer(enrolment=people["seated"], to_cohort=target, actor=None)
    assert reload(people["seated"]).cohort == cohort


def test_move_of_a_seated_person_to_a_full_cohort_is_refused(full_cohort, flexible, staff_user):
    cohort, people = full_cohort
    target = CohortFactory(program=flexible, capacity=0)
    with pytest.raises(ValidationError, match="full"):
        changes.enrolment_move(enrolment=people["seated"], to_cohort=target, actor=staff_user)
    assert reload(people["seated"]).cohort == cohort
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 1


def test_move_to_a_running_cohort_of_another_program(full_cohort, flexible, staff_user):
    cohort, people = full_cohort
    running = CohortFactory(
        program=flexible, capacity=3, start_date=timezone.localdate() - datetime.timedelta(30)
    )
    moved = changes.enrolment_move(
        enrolment=people["seated"], to_cohort=running, actor=staff_user, note="asked by email"
    )
    assert (moved.cohort, moved.status) == (running, Status.ENROLLED)
    assert reload(people["first"]).status == Status.OFFERED
    assert moved.events.latest("at", "pk").note == "asked by email"


def test_move_of_a_waitlisted_person_joins_the_target_waitlist(full_cohort, intensive, staff_user):
    cohort, people = full_cohort
    target = CohortFactory(program=intensive, capacity=5)
    moved = changes.enrolment_move(enrolment=people["first"], to_cohort=target, actor=staff_user)
    assert (moved.cohort, moved.status) == (target, Status.WAITLISTED)
    assert Cohort.objects.get(pk=target.pk).seats_taken == 0
