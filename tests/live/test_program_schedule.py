"""The programs page shows each track's weekly live sessions (live.WeeklySlot, edited in the
admin), in the track's zone and, for someone who chose another zone, in theirs too."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from live.models import TimeZonePreference, WeeklySlot
from tests.enrolment.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_weekly_schedule_of_each_track(client, alice):
    program = ProgramFactory()
    WeeklySlot.objects.create(
        program=program, kind="lecture", weekday=0, start_time=datetime.time(10),
        duration_minutes=90, time_zone="Europe/Berlin",
    )  # fmt: skip
    with time_machine.travel(datetime.datetime(2027, 6, 16, 9, 0, tzinfo=datetime.UTC)):
        page = client.get(reverse("programs")).content.decode()
        assert 'data-testid="live-schedule-intensive"' in page
        assert "Monday</strong> 10:00–11:30" in page and "Europe/Berlin" in page
        assert "Your time" not in page
        TimeZonePreference.objects.create(user=alice, time_zone="America/Los_Angeles")
        client.force_login(alice)
        page = client.get(reverse("programs")).content.decode()
    # 10:00 in Berlin on a summer Monday is 01:00 in Los Angeles, the same day.
    assert "Your time: Monday 01:00 (PDT)" in page


def test_no_schedule_no_section(client):
    ProgramFactory()
    assert 'data-testid="live-schedule"' not in client.get(reverse("programs")).content.decode()
