"""The demo's syllabus, prices and deadlines seed on any day, once."""

import datetime

import pytest
import time_machine

from demo.syllabus import seed_syllabus_demo
from enrolment.demo import seed_enrolment_demo
from enrolment.models import Cohort, Program
from syllabus.models import Lesson, LessonCompletion, SyllabusWeek

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2027, 1, 1, 0, 0, 1, tzinfo=UTC),
        datetime.datetime(2027, 2, 28, 23, 59, tzinfo=UTC),
        datetime.datetime(2028, 2, 29, 12, tzinfo=UTC),
    ],
)
def test_the_demo_seeds_a_lesson_for_every_week_on_any_day(moment):
    with time_machine.travel(moment, tick=False):
        seed_enrolment_demo(seed=7)
        seed_syllabus_demo()
        counts = (Lesson.objects.count(), LessonCompletion.objects.count())
        seed_syllabus_demo()
        assert (Lesson.objects.count(), LessonCompletion.objects.count()) == counts
    assert set(SyllabusWeek.objects.values_list("number", flat=True)) == set(range(1, 13))
    assert all(week.lessons.exists() for week in SyllabusWeek.objects.all())
    assert LessonCompletion.objects.filter(user__username="student").exists()
    assert not Program.objects.filter(price_minor__isnull=True).exists()
    upcoming = Cohort.objects.filter(start_date__gt=moment.date())
    assert upcoming.exists()
    for cohort in upcoming:
        assert cohort.application_deadline < cohort.start_date
