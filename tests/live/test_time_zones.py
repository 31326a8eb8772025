"""A person reads times in the zone they chose on /account/: the dashboard's sessions, the
instructor's pages; a zone nobody knows is refused with a message."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from live.models import TimeZonePreference
from live.services import aware_start
from tests.live.conftest import SESSION_START_UTC

pytestmark = pytest.mark.django_db

BEFORE = SESSION_START_UTC - datetime.timedelta(days=1)


def test_a_student_in_another_zone_sees_the_session_in_hers(client, enrolled_alice, alice, lecture):
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(alice)
        page = client.get(reverse("labs:dashboard")).content.decode()
        # The site's zone (UTC) first: 12:00-13:30.
        assert "Intro to trees" in page and "Wednesday 16 Jun, 12:00–13:30 UTC" in page
        response = client.post(reverse("live:time_zone"), {"time_zone": "Asia/Tokyo"})
        assert response.status_code == 302 and response["Location"].endswith("#time-zone")
        assert TimeZonePreference.objects.get(user=alice).time_zone == "Asia/Tokyo"
        page = client.get(reverse("labs:dashboard")).content.decode()
        assert "Wednesday 16 Jun, 21:00–22:30 JST" in page
        # Her zone follows her to a new log-in (it is read into the session then).
        client.logout()
        client.force_login(alice)
        assert "21:00–22:30 JST" in client.get(reverse("labs:dashboard")).content.decode()


def test_the_account_page_offers_the_zones_and_keeps_the_choice(client, enrolled_alice, alice):
    client.force_login(alice)
    client.post(reverse("live:time_zone"), {"time_zone": "America/Sao_Paulo"})
    page = client.get(reverse("account")).content.decode()
    assert 'id="time-zone"' in page
    assert '<option value="America/Sao_Paulo" selected>' in page
    # Back to the school's zone.
    client.post(reverse("live:time_zone"), {"time_zone": ""})
    assert not TimeZonePreference.objects.filter(user=alice).exists()


def test_an_unknown_zone_is_refused_with_a_message(client, alice):
    client.force_login(alice)
    response = client.post(reverse("live:time_zone"), {"time_zone": "Mars/Olympus"}, follow=True)
    assert "not a time zone we know" in response.content.decode()
    assert not TimeZonePreference.objects.exists()


def test_the_instructors_page_shows_times_in_the_instructors_zone(
    client, instructor, cohort, lecture
):
    TimeZonePreference.objects.create(user=instructor, time_zone="America/New_York")
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(instructor)
        page = client.get(reverse("live:cohort_sessions", args=[cohort.pk])).content.decode()
    assert "Wed 16 Jun, 08:00–09:30 EDT" in page


def test_a_time_skipped_by_the_clock_change_is_refused():
    with pytest.raises(Exception, match="does not exist"):
        aware_start(
            local_start=datetime.datetime(2027, 3, 28, 2, 30),  # noqa: DTZ001 - a wall clock
            time_zone="Europe/Paris",
        )
