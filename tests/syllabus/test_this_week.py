"""'This week' at the boundaries of weeks, on both tracks, under a frozen clock."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from syllabus.weeks import program_weeks_label, this_week
from tests.labs.factories import EnrolmentFactory
from tests.syllabus.conftest import MONDAY
from tests.syllabus.factories import LessonFactory, WeekFactory

pytestmark = pytest.mark.django_db


def day(n: int) -> datetime.date:
    """The n-th day of the cohort (day 1 is its first Monday)."""
    return MONDAY + datetime.timedelta(days=n - 1)


def at_noon(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        date, datetime.time(12), tzinfo=timezone.get_current_timezone()
    )


# (day of the cohort, phase, program week, syllabus week)
INTENSIVE = [
    (0, "before", None, 1),  # the Sunday before it starts
    (1, "running", 1, 1),
    (7, "running", 1, 1),  # last day of week 1
    (8, "running", 2, 2),  # first day of week 2
    (56, "running", 8, 8),  # last day of week 8
    (57, "running", 9, 9),  # first day of week 9
    (84, "running", 12, 12),  # the last day of the course
    (85, "finished", None, 12),
]
# The 30-week track stretches the twelve as the labs do: syllabus week 2 opens in program
# week 3, week 3 in week 6, week 12 in week 28.
FLEXIBLE = [
    (0, "before", None, 1),
    (14, "running", 2, 1),  # last day of week 2: still syllabus week 1
    (15, "running", 3, 2),  # first day of week 3: syllabus week 2
    (35, "running", 5, 2),  # last day of week 5
    (36, "running", 6, 3),  # first day of week 6
    (189, "running", 27, 11),  # last day of week 27
    (190, "running", 28, 12),  # first day of week 28
    (210, "running", 30, 12),  # the last day of the course
    (211, "finished", None, 12),
]


@pytest.mark.parametrize("n, phase, program_week, week", INTENSIVE)
def test_this_week_on_the_intensive_track(intensive_cohort, n, phase, program_week, week):
    with time_machine.travel(at_noon(day(n)), tick=False):
        now = this_week(cohort=intensive_cohort, today=timezone.localdate())
    assert (now.phase, now.program_week, now.curriculum_week) == (phase, program_week, week)


@pytest.mark.parametrize("n, phase, program_week, week", FLEXIBLE)
def test_this_week_on_the_flexible_track(flexible_cohort, n, phase, program_week, week):
    with time_machine.travel(at_noon(day(n)), tick=False):
        now = this_week(cohort=flexible_cohort, today=timezone.localdate())
    assert (now.phase, now.program_week, now.curriculum_week) == (phase, program_week, week)


def test_the_syllabus_weeks_follow_the_labs_calendar(flexible_cohort):
    from labs.models import Lab

    for number in range(1, 13):
        lab = Lab(week=number)
        first = int(program_weeks_label(number, 30).split()[1].split("\u2013")[0])
        assert first == lab.opens_week(30)
    assert program_weeks_label(1, 12) == "Week 1"
    assert program_weeks_label(1, 30) == "Weeks 1\u20132"
    assert program_weeks_label(12, 30) == "Weeks 28\u201330"


@pytest.mark.parametrize(
    "cohort_fixture, n, shown, hidden, says",
    [
        ("intensive_cohort", 7, "Lesson 01", "Lesson 02", "Week 1 of 12"),
        ("intensive_cohort", 8, "Lesson 02", "Lesson 01", "Week 2 of 12"),
        ("flexible_cohort", 14, "Lesson 01", "Lesson 02", "Week 2 of 30"),
        ("flexible_cohort", 15, "Lesson 02", "Lesson 01", "Week 3 of 30"),
        ("intensive_cohort", 0, "Lesson 01", "Lesson 02", "starts on 4 January"),
        ("intensive_cohort", 85, "Lesson 12", "Lesson 01", "finished on 28 March"),
    ],
)
def test_the_dashboard_shows_this_week(client, request, cohort_fixture, n, shown, hidden, says):
    cohort = request.getfixturevalue(cohort_fixture)
    for number in (1, 2, 12):
        LessonFactory(week=WeekFactory(number=number), title=f"Lesson {number:02d}")
    student = EnrolmentFactory(cohort=cohort).user
    with time_machine.travel(at_noon(day(n)), tick=False):
        client.force_login(student)  # a session of that day
        response = client.get(reverse("labs:dashboard"))
    page = response.content.decode()
    panel = page[page.index('data-testid="this-week"') :]
    panel = panel[: panel.index("</section>")]
    assert shown in panel and hidden not in panel
    assert says in " ".join(panel.split())
