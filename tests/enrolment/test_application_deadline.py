"""A cohort's application deadline: the day after it, sign-up to that cohort is refused with
a clear message by the service itself (and the form, and /programs/ say so); up to and on
it, sign-up goes through."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Enrolment, Interest
from enrolment.services import applications
from tests.enrolment.factories import CohortFactory, application_data
from tests.enrolment.test_views_signup import form_data

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 3, 1)
DEADLINE = datetime.date(2027, 2, 15)


def noon(date: datetime.date) -> datetime.datetime:
    zone = timezone.get_current_timezone()
    return datetime.datetime.combine(date, datetime.time(12), tzinfo=zone)


@pytest.fixture
def spring(intensive):
    with time_machine.travel(noon(DEADLINE - datetime.timedelta(days=30)), tick=False):
        return CohortFactory(
            program=intensive, start_date=START, application_deadline=DEADLINE, name="Spring"
        )


def submit(program, cohort=None, **overrides):
    return applications.application_submit(
        program=program, cohort=cohort, **application_data(**overrides)
    )


def test_the_day_after_the_deadline_the_service_refuses_with_the_date(intensive, spring):
    with time_machine.travel(noon(DEADLINE + datetime.timedelta(days=1)), tick=False):
        with pytest.raises(ValidationError) as refused:
            submit(intensive, spring)
    message = refused.value.message_dict["cohort"][0]
    assert "Applications for Spring closed on 15 February 2027" in message
    assert not Enrolment.objects.exists()
    spring.refresh_from_db()
    assert spring.seats_taken == 0


@pytest.mark.parametrize("days_before", [1, 0], ids=["the day before", "on the deadline"])
def test_up_to_the_deadline_sign_up_goes_through(intensive, spring, days_before):
    with time_machine.travel(noon(DEADLINE - datetime.timedelta(days=days_before)), tick=False):
        enrolment = submit(intensive, spring)
    assert enrolment.cohort == spring
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_just_before_midnight_on_the_deadline_is_still_in_time(intensive, spring):
    late = datetime.datetime.combine(
        DEADLINE, datetime.time(23, 59, 30), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(late, tick=False):
        assert submit(intensive, spring).cohort == spring


def test_next_available_skips_a_closed_cohort(intensive, spring):
    later = CohortFactory(program=intensive, start_date=START + datetime.timedelta(weeks=4))
    with time_machine.travel(noon(DEADLINE + datetime.timedelta(days=1)), tick=False):
        assert submit(intensive, None).cohort == later


def test_with_every_cohort_closed_the_applicant_joins_the_interest_list(intensive, spring):
    with time_machine.travel(noon(DEADLINE + datetime.timedelta(days=1)), tick=False):
        assert isinstance(submit(intensive, None), Interest)


def test_the_form_explains_a_closed_cohort(client, spring):
    with time_machine.travel(noon(DEADLINE + datetime.timedelta(days=1)), tick=False):
        response = client.post(reverse("signup"), form_data(spring))
    assert response.status_code == 200
    assert "its application deadline has passed" in response.context["form"].errors["cohort"][0]
    assert not Enrolment.objects.exists()


def test_the_programs_page_shows_the_deadline_then_closes_the_cohort(client, spring):
    with time_machine.travel(noon(DEADLINE), tick=False):
        before = " ".join(client.get(reverse("programs")).content.decode().split())
    with time_machine.travel(noon(DEADLINE + datetime.timedelta(days=1)), tick=False):
        after = " ".join(client.get(reverse("programs")).content.decode().split())
    sign_up_link = f"cohort={spring.pk}"
    assert "Apply by 15 Feb 2027" in before and sign_up_link in before
    assert "Applications closed on 15 Feb 2027" in after and sign_up_link not in after


def test_a_deadline_after_the_start_is_refused_by_the_database_rule(intensive):
    cohort = CohortFactory.build(
        program=intensive, start_date=START, application_deadline=START, capacity=5, name="Bad"
    )
    with pytest.raises(ValidationError, match="before the start"):
        cohort.full_clean()
