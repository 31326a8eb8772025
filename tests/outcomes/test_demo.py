"""The outcomes demo: on any day, /outcomes/ shows a published report of the finished demo
cohort with its median, and seeding again adds nothing."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from enrolment.demo import demo_finished_cohort, seed_enrolment_demo
from outcomes.demo import seed_outcomes_demo
from outcomes.models import JobRecord, PublishedReport

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 12, 22, 12, tzinfo=UTC),
        datetime.datetime(2027, 1, 1, 0, 0, 1, tzinfo=UTC),  # a new half-year
        datetime.datetime(2027, 6, 30, 23, 30, tzinfo=UTC),  # the last evening of H1
        datetime.datetime(2027, 7, 1, 8, tzinfo=UTC),
        datetime.datetime(2027, 9, 18, 12, tzinfo=UTC),  # a Saturday
    ],
)
def test_the_demo_publishes_a_report_on_any_day(moment):
    with time_machine.travel(moment, tick=False):
        seed_enrolment_demo(seed=7)
        logins = seed_outcomes_demo(seed=7)
        counts = (JobRecord.objects.count(), PublishedReport.objects.count())
        seed_outcomes_demo(seed=7)
        assert (JobRecord.objects.count(), PublishedReport.objects.count()) == counts
        report = PublishedReport.objects.get()
        cohort = demo_finished_cohort()
        assert (report.year, report.half) == (cohort.end_date.year, 1 + (cohort.end_date.month > 6))
        figures = report.figures
        # Without the lab work the demo's four graduates are not completed: they count as
        # enrolled and not graduated beside the alumni (13 began, two left).
        assert figures["enrolled"] == 17
        assert figures["not_graduated"] >= 3  # two dropouts, one who did not complete
        # Six alumni hired in field with a salary: 61, 84, 90, 98, 112 and 125 thousand.
        assert figures["salaries"] == [{"currency": "USD", "count": 6, "median_minor": 9_400_000}]
        assert figures["hires_verified"] >= 5
        page = Client().get(reverse("outcomes:public")).content.decode()
        assert "Median base salary in field" in page and "USD 94,000" in page
        salaries = Client().get(reverse("careers:salaries")).content.decode()
        assert 'data-testid="graduate-median"' in salaries
    assert ("career staff", "careers") in [(role, user) for role, user, _ in logins]
