"""Sessions in the private calendar feed, parsed with icalendar: a student's cohort's
sessions and an instructor's, stable UIDs, SEQUENCE up after a move, TZID zones."""

import datetime
import zoneinfo

import icalendar
import pytest
import time_machine
from django.urls import reverse

from progress.calendar import tokens
from tests.live.conftest import SESSION_START_UTC, make_session

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BEFORE = SESSION_START_UTC - datetime.timedelta(days=3)


def _sessions(client, user) -> dict:
    url = reverse("calendar:feed", kwargs={"token": tokens.feed_token(user=user)})
    response = client.get(url)
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {
        str(event["UID"]): event
        for event in calendar.walk("VEVENT")
        if str(event["UID"]).startswith("live-session-")
    }
    # Every TZID an event names has its VTIMEZONE (RFC 5545, 3.6.5).
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert {event["DTSTART"].params["TZID"] for event in events.values()} <= zones
    return events


def test_the_feed_carries_sessions_in_their_zone_and_a_move_raises_the_sequence(
    client, enrolled_alice, alice, bob, instructor, cohort, other_cohort
):
    with time_machine.travel(BEFORE, tick=False):
        lecture = make_session(cohort, actor=instructor)
        make_session(other_cohort, title="Not ours")
        events = _sessions(client, alice)
        assert set(events) == {f"live-session-{lecture.pk}@{HOST}"}
        event = events[f"live-session-{lecture.pk}@{HOST}"]
        assert str(event["SUMMARY"]) == "Lecture: Intro to trees"
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        start = event.decoded("DTSTART")
        assert start == SESSION_START_UTC and start.tzinfo.key == "Europe/Paris"
        assert start.hour == 14  # the instructor's wall clock
        assert event.decoded("DTEND") - start == datetime.timedelta(minutes=90)
        assert event["SEQUENCE"] == 0
        assert "https://meet.example.org/trees" in str(event["DESCRIPTION"])
        # The instructor's feed has it too, under a key of its own.
        teaching = _sessions(client, instructor)
        assert set(teaching) == {f"live-session-{lecture.pk}-teaching@{HOST}"}
        assert _sessions(client, bob) == {}  # not enrolled: no sessions

        # Fetching again changes nothing.
        assert _sessions(client, alice)[f"live-session-{lecture.pk}@{HOST}"]["SEQUENCE"] == 0

        # The instructor moves it an hour later on the page: the same UID, SEQUENCE 1.
        client.force_login(instructor)
        response = client.post(
            reverse("live:session_edit", args=[lecture.pk]),
            {
                "kind": "lecture",
                "title": "Intro to trees",
                "local_start": "2027-06-16T15:00",
                "time_zone": "Europe/Paris",
                "duration_minutes": 90,
                "meeting_url": "https://meet.example.org/trees",
            },
        )
        assert response.status_code == 302
        moved = _sessions(client, alice)[f"live-session-{lecture.pk}@{HOST}"]
        assert moved["SEQUENCE"] == 1
        assert moved.decoded("DTSTART") == datetime.datetime(2027, 6, 16, 15, 0, tzinfo=PARIS)
        # Moved again, to New York's 9:00 (the same instant as 15:00 Paris): still a change.
        lecture.refresh_from_db()
        lecture.time_zone = "America/New_York"
        lecture.starts_at = lecture.starts_at.astimezone(zoneinfo.ZoneInfo("America/New_York"))
        lecture.save()
        again = _sessions(client, alice)[f"live-session-{lecture.pk}@{HOST}"]
        assert again["SEQUENCE"] == 2
        assert again["DTSTART"].params["TZID"] == "America/New_York"
        assert again.decoded("DTSTART").hour == 9


def test_due_dates_stay_in_utc(client, enrolled_alice, alice, cohort):
    """Only sessions carry a zone: the due dates and cohort dates are as before."""
    with time_machine.travel(BEFORE, tick=False):
        make_session(cohort)
        url = reverse("calendar:feed", kwargs={"token": tokens.feed_token(user=alice)})
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
    for event in calendar.walk("VEVENT"):
        if not str(event["UID"]).startswith("live-session-"):
            assert "TZID" not in event["DTSTART"].params
