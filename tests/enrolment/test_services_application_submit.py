"""application_submit: account + application in one transaction, a seat or the waitlist."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from enrolment import selectors
from enrolment.models import Cohort, Enrolment, EnrolmentEvent, Interest
from enrolment.services import accounts, applications
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = pytest.mark.django_db
User = get_user_model()


def submit(program, cohort=None, **overrides):
    return applications.application_submit(
        program=program, cohort=cohort, **application_data(**overrides)
    )


def test_free_seat_enrols_and_counts_the_seat(intensive):
    cohort = CohortFactory(program=intensive, capacity=2)
    enrolment = submit(intensive, cohort)
    cohort.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert cohort.seats_taken == 1
    assert enrolment.user.username == "carla@example.com"
    assert enrolment.user.first_name == "Carla"
    assert enrolment.user.last_name == "Reyes"
    assert enrolment.user.check_password("a-long-enough-passphrase")


def test_full_cohort_puts_applicant_on_waitlist_in_order(intensive):
    cohort = CohortFactory(program=intensive, capacity=1)
    submit(intensive, cohort, email="first@example.com")
    second = submit(intensive, cohort, email="second@example.com")
    third = submit(intensive, cohort, email="third@example.com")
    cohort.refresh_from_db()
    assert cohort.seats_taken == 1
    assert second.status == third.status == Enrolment.Status.WAITLISTED
    assert selectors.waitlist_position(enrolment=second) == 1
    assert selectors.waitlist_position(enrolment=third) == 2


def test_next_available_takes_the_earliest_cohort_with_a_seat(intensive):
    today = timezone.localdate()
    full = CohortFactory(
        program=intensive, capacity=1, start_date=today + datetime.timedelta(days=10)
    )
    later = CohortFactory(
        program=intensive, capacity=5, start_date=today + datetime.timedelta(days=60)
    )
    submit(intensive, full, email="early@example.com")
    enrolment = submit(intensive, None)
    assert enrolment.cohort == later
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_next_available_waitlists_on_the_earliest_when_all_are_full(intensive):
    today = timezone.localdate()
    first = CohortFactory(program=intensive, capacity=0, start_date=today + datetime.timedelta(10))
    CohortFactory(program=intensive, capacity=0, start_date=today + datetime.timedelta(days=40))
    enrolment = submit(intensive, None)
    assert enrolment.cohort == first
    assert enrolment.status == Enrolment.Status.WAITLISTED


def test_no_open_cohort_puts_the_applicant_on_the_interest_list(intensive, flexible):
    today = timezone.localdate()
    CohortFactory(program=flexible, capacity=5)
    CohortFactory(program=intensive, capacity=5, start_date=today - datetime.timedelta(days=3))
    interest = submit(intensive, None)
    assert isinstance(interest, Interest)
    assert (interest.program, interest.status) == (intensive, Interest.Status.WAITING)
    assert interest.user.email == "carla@example.com"
    assert not Enrolment.objects.exists()


def test_started_cohort_is_refused_and_nothing_is_created(intensive):
    cohort = CohortFactory(
        program=intensive, start_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        submit(intensive, cohort)
    assert "already started" in str(error.value)
    assert not User.objects.exists()
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 0


def test_cohort_of_the_other_program_is_refused(intensive, flexible):
    cohort = CohortFactory(program=flexible)
    with pytest.raises(ValidationError):
        submit(intensive, cohort)
    assert not User.objects.exists()


def test_duplicate_email_is_refused_whatever_its_case(intensive):
    cohort = CohortFactory(program=intensive)
    submit(intensive, cohort, email="carla@example.com")
    with pytest.raises(ValidationError) as error:
        submit(intensive, cohort, email="  CARLA@Example.com ")
    assert error.value.message_dict["email"] == [accounts.DUPLICATE_EMAIL]
    assert User.objects.count() == 1
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 1


def test_over_long_motivation_creates_nothing(intensive):
    cohort = CohortFactory(program=intensive)
    with pytest.raises(ValidationError) as error:
        submit(intensive, cohort, motivation="x" * (applications.MOTIVATION_MAX_LENGTH + 1))
    assert "motivation" in error.value.message_dict
    assert not User.objects.exists()
    assert not Enrolment.objects.exists()


def test_unknown_choice_is_refused(intensive):
    cohort = CohortFactory(program=intensive)
    with pytest.raises(ValidationError) as error:
        submit(intensive, cohort, background="wizard")
    assert "background" in error.value.message_dict


def test_sign_up_is_recorded_as_an_event(intensive):
    cohort = CohortFactory(program=intensive)
    enrolment = submit(intensive, cohort)
    event = EnrolmentEvent.objects.get(enrolment=enrolment)
    assert event.from_status == ""
    assert event.to_status == Enrolment.Status.ENROLLED
    assert event.to_cohort == cohort
    assert event.actor == enrolment.user


def test_a_seat_is_held_in_the_enrolments_one_write_and_its_one_record(intensive):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    cohort = CohortFactory(program=intensive, capacity=2)
    enrolment = submit(intensive, cohort)
    records = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Enrolment), object_pk=str(enrolment.pk)
    )
    assert [record.action for record in records] == [LogEntry.Action.CREATE]
    assert enrolment.seat_held_until is not None
    assert records[0].changes_dict["seat_held_until"][1] != "None"


def test_the_password_is_hashed_before_the_transaction_begins(intensive, monkeypatch):
    """Tens of ms of CPU that need no open transaction (docs/benchmarks.md, sign-up burst)."""
    from django.db import connection

    cohort = CohortFactory(program=intensive, capacity=2)
    depth_when_hashed = []
    real = applications.make_password

    def make_password(password):
        depth_when_hashed.append(len(connection.savepoint_ids))
        return real(password)

    monkeypatch.setattr(applications, "make_password", make_password)
    enrolment = submit(intensive, cohort)
    # The test's own transaction is open; the service's (a savepoint inside it) was not yet.
    assert depth_when_hashed == [len(connection.savepoint_ids)]
    assert enrolment.user.check_password("a-long-enough-passphrase")
