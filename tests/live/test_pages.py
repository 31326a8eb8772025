"""The instructor's pages: schedule a session, move it (the same row), take attendance;
attendance is a gradebook column, a CSV column and an at-risk reason."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from enrolment.models import Enrolment, EnrolmentEvent
from live import services
from live.models import Attendance, LiveSession
from privacy.selectors import personal_export
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory
from tests.live.conftest import SESSION_START_UTC, make_session

pytestmark = pytest.mark.django_db

AFTER = SESSION_START_UTC + datetime.timedelta(days=2)
FORM = {
    "kind": "office_hours",
    "title": "Office hours",
    "local_start": "2027-06-20T18:00",
    "time_zone": "Europe/Paris",
    "duration_minutes": 60,
    "meeting_url": "meet.example.org/oh",
}


def test_an_instructor_schedules_and_moves_a_session(client, instructor, cohort):
    client.force_login(instructor)
    url = reverse("live:cohort_sessions", args=[cohort.pk])
    assert client.post(url, FORM).status_code == 302
    session = LiveSession.objects.get()
    assert session.starts_at == datetime.datetime(2027, 6, 20, 16, 0, tzinfo=datetime.UTC)
    assert session.meeting_url == "https://meet.example.org/oh"
    assert session.created_by == instructor and len(session.checkin_code) == 6
    edit = reverse("live:session_edit", args=[session.pk])
    assert client.post(edit, {**FORM, "local_start": "2027-06-21T18:00"}).status_code == 302
    assert LiveSession.objects.count() == 1  # moved, not copied
    session.refresh_from_db()
    assert session.starts_at.day == 21


def test_bad_input_gets_messages_not_a_500(client, instructor, cohort):
    client.force_login(instructor)
    url = reverse("live:cohort_sessions", args=[cohort.pk])
    bad = {**FORM, "duration_minutes": 0, "time_zone": "Nowhere/Else", "local_start": "soon"}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert not LiveSession.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"duration_minutes", "time_zone", "local_start"}


def _take(client, session, statuses):
    data = {f"status-{user.pk}": status for user, status in statuses.items()}
    return client.post(reverse("live:attendance", args=[session.pk]), data)


def test_attendance_feeds_the_gradebook_its_csv_and_the_at_risk_flags(
    client, instructor, cohort, enrolled_alice, alice, enrolled_bob, bob
):
    with time_machine.travel(SESSION_START_UTC - datetime.timedelta(days=10), tick=False):
        first = make_session(cohort, title="One")
        second = make_session(
            cohort,
            title="Two",
            local_start=datetime.datetime(2027, 6, 16, 16, 0),  # noqa: DTZ001
        )
    with time_machine.travel(AFTER, tick=False):
        client.force_login(instructor)
        page = client.get(reverse("live:attendance", args=[first.pk])).content.decode()
        assert "Check-in closed" in page and first.checkin_code not in page
        assert _take(client, first, {alice: "absent", bob: "present"}).status_code == 302
        assert _take(client, second, {alice: "absent", bob: "excused"}).status_code == 302
        row = Attendance.objects.get(session=first, student=alice)
        assert row.source == "instructor" and row.recorded_by == instructor
        page = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
        export = client.get(reverse("labs:gradebook_export", args=[cohort.pk]))
        lines = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert "Missed 2 live sessions" in page
    by_name = {line["username"]: line for line in lines}
    assert by_name["alice"]["sessions missed"] == "2" and "Missed 2" in by_name["alice"]["at risk"]
    assert by_name["bob"]["sessions attended"] == "1" and by_name["bob"]["sessions excused"] == "1"
    assert by_name["bob"]["sessions missed"] == "0" and "Missed" not in by_name["bob"]["at risk"]


def test_a_late_joiner_misses_only_the_sessions_after_their_seat(
    client, instructor, cohort, enrolled_alice, alice
):
    """Sessions held before a student got their seat are not theirs to miss: lena, who
    joined the day after the first two, missed one session, not three, and is not flagged."""
    with time_machine.travel(SESSION_START_UTC - datetime.timedelta(days=10), tick=False):
        sessions = [
            make_session(cohort, title="One"),
            make_session(cohort, title="Two", local_start=datetime.datetime(2027, 6, 16, 16, 0)),  # noqa: DTZ001
            make_session(cohort, title="Three", local_start=datetime.datetime(2027, 6, 17, 18, 0)),  # noqa: DTZ001
        ]
    lena = UserFactory(username="lena", first_name="Lena")
    enrolment = EnrolmentFactory(user=lena, cohort=cohort)
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        at=SESSION_START_UTC + datetime.timedelta(days=1) - datetime.timedelta(hours=6),
        from_status="",
        to_status=Enrolment.Status.ENROLLED,
        to_cohort=cohort,
    )
    with time_machine.travel(AFTER, tick=False):
        client.force_login(instructor)
        for session in sessions[:2]:
            assert _take(client, session, {alice: "present"}).status_code == 302
        assert _take(client, sessions[2], {alice: "present", lena: "absent"}).status_code == 302
        page = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
        export = client.get(reverse("labs:gradebook_export", args=[cohort.pk]))
        lines = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    by_name = {line["username"]: line for line in lines}
    assert by_name["lena"]["sessions missed"] == "1"
    assert "Missed" not in by_name["lena"]["at risk"]
    assert by_name["alice"]["sessions attended"] == "3"
    assert "Missed 3 live sessions" not in page


def test_the_code_shows_only_during_the_window(client, instructor, cohort, lecture):
    url = reverse("live:attendance", args=[lecture.pk])
    with time_machine.travel(SESSION_START_UTC - datetime.timedelta(minutes=11), tick=False):
        client.force_login(instructor)
        assert lecture.checkin_code not in client.get(url).content.decode()
    with time_machine.travel(SESSION_START_UTC, tick=False):
        client.force_login(instructor)
        assert lecture.checkin_code in client.get(url).content.decode()


def test_a_stranger_cannot_mark_students_of_the_cohort(
    client, instructor, cohort, enrolled_alice, alice, other_instructor, lecture
):
    client.force_login(other_instructor)
    assert _take(client, lecture, {alice: "absent"}).status_code == 404
    client.force_login(instructor)
    stranger = other_instructor  # not a student of the cohort: ignored
    _take(client, lecture, {alice: "bogus", stranger: "present"})
    assert not Attendance.objects.exists()


def test_a_students_export_holds_her_zone_and_attendance(
    enrolled_alice, alice, instructor, lecture
):
    services.time_zone_set(user=alice, time_zone="Asia/Tokyo")
    services.attendance_take(session=lecture, statuses={alice.pk: "late"}, actor=instructor)
    data = personal_export(user=alice).data["live_sessions"]
    assert data["time_zone"] == "Asia/Tokyo"
    assert [(row["session"], row["status"]) for row in data["attendance"]] == [
        ("Intro to trees", "late")
    ]
