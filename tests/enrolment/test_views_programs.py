"""The public programs page: both tracks side by side, upcoming cohorts, sign-up links."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Cohort
from live.models import WeeklySlot
from tests.enrolment.factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_both_programs_are_compared(client, programs):
    response = client.get(reverse("programs"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Intensive" in content and "Flexible" in content
    assert "12 weeks" in content and "30 weeks" in content
    assert "about 40 hours" in content or "about 40" in content
    assert reverse("signup") in content


def test_upcoming_cohorts_show_dates_seats_and_a_sign_up_link(client, intensive, flexible):
    open_one = CohortFactory(program=intensive, capacity=10, name="Intensive Autumn")
    Cohort.objects.filter(pk=open_one.pk).update(seats_taken=3)
    CohortFactory(program=flexible, capacity=0, name="Flexible Winter")
    CohortFactory(
        program=intensive,
        name="Running Now",
        start_date=timezone.localdate() - datetime.timedelta(days=10),
    )
    content = client.get(reverse("programs")).content.decode()
    assert "Intensive Autumn" in content
    assert "7 seats left" in content
    assert f"cohort={open_one.pk}" in content
    assert "Flexible Winter" in content and "waitlist open" in content
    assert "Running Now" not in content


def test_a_full_cohort_links_to_its_waitlist_place_on_the_sign_up_form(client, flexible):
    winter = CohortFactory(program=flexible, capacity=0, name="Flexible Winter")
    content = client.get(reverse("programs")).content.decode()
    assert "Join the waitlist" in content
    assert f"?program=flexible&amp;cohort={winter.pk}" in content
    form = client.get(reverse("signup"), {"program": "flexible", "cohort": winter.pk})
    assert "selected>Flexible Winter" in str(form.context["form"]["cohort"])


def test_programs_page_query_count(client, intensive, flexible, django_assert_num_queries):
    for weekday in range(3):
        CohortFactory(program=intensive)
        CohortFactory(program=flexible)
        for program in (intensive, flexible):
            WeeklySlot.objects.create(
                program=program, kind="lecture", weekday=weekday, start_time=datetime.time(10),
                duration_minutes=60, time_zone="Europe/Berlin",
            )  # fmt: skip
    # 1: programs, 2: their upcoming cohorts (prefetched with the program), 3: the
    # syllabus's week titles, 4: the weekly live sessions of every program (the sections
    # of syllabus and live, enrolment.program_sections).
    with django_assert_num_queries(4):
        page = client.get(reverse("programs")).content.decode()
    assert page.count('data-testid="live-schedule"') == 2
