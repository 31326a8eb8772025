"""Fixtures for the calendar feed: a cohort that started on a fixed day, two labs, the clock
stopped there (time-machine), and helpers that fetch and parse a feed."""

import datetime

import icalendar
import pytest
import time_machine
from django.urls import reverse

from progress.calendar import tokens
from tests.labs.dashboard_factories import LabFactory

START = datetime.date(2026, 9, 7)  # a Monday
NOW = datetime.datetime(2026, 9, 28, 9, 0, tzinfo=datetime.UTC)  # three weeks in


@pytest.fixture
def feed_clock():
    """The clock stopped three weeks into `cohort` (time-machine's traveller: shift it)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def cohort_start(feed_clock):
    """`cohort` (tests/conftest.py) started on START, and the clock stands at NOW."""
    return START


@pytest.fixture
def labs(db, feed_clock):
    return [LabFactory(slug="first-lab", week=1), LabFactory(slug="second-lab", week=3)]


def feed_url(user) -> str:
    return reverse("calendar:feed", kwargs={"token": tokens.feed_token(user=user)})


def fetch(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar: icalendar.Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}
