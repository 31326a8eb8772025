"""The syllabus's lessons a student marked done are their data: in the export."""

import json

import pytest

from syllabus.models import LessonCompletion
from tests.privacy.test_views_data_export import download
from tests.syllabus.factories import LessonFactory, WeekFactory

pytestmark = pytest.mark.django_db


def test_my_lessons_done_are_in_my_export(client, classroom):
    alice = classroom.students["alice"]
    week = WeekFactory(number=2)
    lesson = LessonFactory(week=week, title="Cross-validation")
    LessonFactory(week=week, title="Not done")
    LessonCompletion.objects.create(user=alice, lesson=lesson)
    client.force_login(alice)

    me = json.loads(download(client).read("me.json"))

    assert [(row["week"], row["lesson"]) for row in me["lessons_done"]] == [(2, "Cross-validation")]
