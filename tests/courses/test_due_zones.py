"""A student who reads another zone than the school's sees, beside each due date, the moment
it passes on their clock: the very moment the course rules start calling the work late.

The school is in Paris here. West of it (Los Angeles) the date passes in the afternoon; east
of it (Tokyo) on the next morning, another weekday. Across March the gap moves: the US
changes its clocks on the second Sunday (14 March 2027), Europe on the last (28 March).
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from courses import due_zones, rules
from courses.selectors import lab_result_for
from live.models import TimeZonePreference
from progress import reminders
from tests.factories import UserFactory
from tests.labs.dashboard_factories import lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

SCHOOL = "Europe/Paris"

CASES = [
    # due date, the student's zone, what their clock reads when it passes
    (datetime.date(2027, 6, 10), "America/Los_Angeles", "Thu 10 Jun, 15:00"),
    # East: the school's Thursday passes on Friday morning in Tokyo.
    (datetime.date(2027, 6, 10), "Asia/Tokyo", "Fri 11 Jun, 07:00"),
    # Both on winter time: 9 hours apart.
    (datetime.date(2027, 3, 13), "America/Los_Angeles", "Sat 13 Mar, 15:00"),
    # The US on summer time, Europe not yet: 8 hours apart for two weeks.
    (datetime.date(2027, 3, 20), "America/Los_Angeles", "Sat 20 Mar, 16:00"),
    # Paris's midnight after 28 March is summer time again: 9 hours.
    (datetime.date(2027, 3, 28), "America/Los_Angeles", "Sun 28 Mar, 15:00"),
    # The night Europe's clocks go forward: midnight is still winter time in Paris.
    (datetime.date(2027, 3, 27), "Asia/Tokyo", "Sun 28 Mar, 08:00"),
    (datetime.date(2027, 3, 28), "Asia/Tokyo", "Mon 29 Mar, 07:00"),
]

SHOWN = re.compile(
    r'data-testid="due-local">on time until <time datetime="([^"]+)">([^<]+)</time> '
    r"your time \(([^)]+)\)"
)


@pytest.fixture(autouse=True)
def school_in_paris(settings):
    settings.TIME_ZONE = SCHOOL


def _lab_due(due_on: datetime.date, username="alice", zone=None):
    """A week-1 lab due on `due_on` for a cohort of one student (who may read `zone`)."""
    cohort = CohortFactory(start_date=due_on - datetime.timedelta(days=13))
    lab = lab_with_reference(slug=f"lab-{username}", title="Trees", week=1)
    assert lab.due_on(cohort) == due_on
    student = UserFactory(username=username, email=f"{username}@example.com")
    EnrolmentFactory(user=student, cohort=cohort)
    if zone:
        TimeZonePreference.objects.create(user=student, time_zone=zone)
    return student, cohort, lab


def _pages(client, lab) -> dict[str, str]:
    urls = {
        "dashboard": reverse("labs:dashboard"),
        "dashboard body": reverse("labs:dashboard_live"),
        "lab page": reverse("labs:detail", args=[lab.slug]),
        "history": reverse("labs:dashboard_lab", args=[lab.slug]),
        "lab list": reverse("labs:list"),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    return pages


def _noon_two_days_before(due_on):
    return datetime.datetime.combine(
        due_on - datetime.timedelta(days=2), datetime.time(12), ZoneInfo(SCHOOL)
    )


@pytest.mark.parametrize(("due_on", "zone", "clock"), CASES)
def test_the_moment_shown_is_the_moment_the_rules_call_late(client, due_on, zone, clock):
    school_moment = rules.due_moment(due_on, ZoneInfo(SCHOOL))
    with time_machine.travel(_noon_two_days_before(due_on), tick=False):
        student, cohort, lab = _lab_due(due_on, zone=zone)
        client.force_login(student)
        pages = _pages(client, lab)

    for name, page in pages.items():
        shown = SHOWN.findall(page)
        # The dashboard names it twice: the lab's row and the "next up" card.
        assert len(shown) == (2 if name.startswith("dashboard") else 1), name
        for moment, text, shown_zone in shown:
            assert (text, shown_zone) == (clock, zone), name
            assert datetime.datetime.fromisoformat(moment) == school_moment, name
            assert datetime.datetime.fromisoformat(moment).utcoffset() == (
                school_moment.astimezone(ZoneInfo(zone)).utcoffset()
            )
    # The school's date is still there, beside it.
    assert f"Due {due_on:%b} {due_on.day}, {due_on.year}" in pages["lab page"]

    # A second before that moment the work is on time; from it, late (the rules and the page).
    just_before = school_moment - datetime.timedelta(seconds=1)
    for at, is_due in ((just_before, "no"), (school_moment, "yes")):
        with time_machine.travel(at, tick=False):
            late = is_due == "yes"
            assert lab_result_for(student=student, cohort=cohort, lab=lab).is_due is late
            assert rules.is_past_due(due_on, at, ZoneInfo(SCHOOL)) is late
            page = client.get(reverse("labs:detail", args=[lab.slug])).content.decode()
            assert f'data-due="{is_due}"' in page


@pytest.mark.parametrize("zone", [None, SCHOOL])
def test_a_student_reading_the_schools_zone_sees_no_extra_line(client, zone):
    due_on = datetime.date(2027, 6, 10)
    with time_machine.travel(_noon_two_days_before(due_on), tick=False):
        student, _, lab = _lab_due(due_on, zone=zone)
        client.force_login(student)
        pages = _pages(client, lab)
    for name, page in pages.items():
        assert 'data-testid="due-local"' not in page, name
        assert "your time" not in page, name


def test_a_zone_whose_clock_reads_the_schools_adds_nothing():
    due_on = datetime.date(2027, 3, 28)
    # Madrid keeps Paris's time: the school's date already says it all.
    assert due_zones.due_moment_for_reader(due_on, ZoneInfo("Europe/Madrid")) is None
    # London is an hour behind: 23:00 on the due date itself.
    london = due_zones.due_moment_for_reader(due_on, ZoneInfo("Europe/London"))
    assert due_zones.clock_text(london) == "Sun 28 Mar, 23:00"
    assert london == rules.due_moment(due_on, ZoneInfo(SCHOOL))


def test_the_reminder_email_names_the_moment_on_the_students_clock(mailoutbox):
    due_on = datetime.date(2027, 3, 28)
    with time_machine.travel(_noon_two_days_before(due_on), tick=False):
        _, cohort, _ = _lab_due(due_on, username="west", zone="America/Los_Angeles")
        EnrolmentFactory(user=UserFactory(username="home", email="home@example.com"), cohort=cohort)
        assert reminders.due_reminders_run() == {"created": 2, "emailed": 2}
    bodies = {email.to[0]: email.body for email in mailoutbox}
    assert (
        "On your clock: on time until Sun 28 Mar, 15:00 your time (America/Los_Angeles)."
        in bodies["west@example.com"]
    )
    assert "your time" not in bodies["home@example.com"]
