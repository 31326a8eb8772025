"""Staff write a lesson in the admin and save it to see the preview: a new lesson is a
draft until they publish it, so students never read an unfinished one."""

import pytest
from django.urls import reverse

from syllabus.models import Lesson
from tests.syllabus.factories import WeekFactory

pytestmark = pytest.mark.django_db


def test_a_new_lesson_is_a_draft_until_published(client, staff_user, enrolled_alice, alice):
    week = WeekFactory()
    client.force_login(staff_user)
    add = reverse("admin:syllabus_lesson_add")
    form = client.get(add).content.decode()
    checkbox = form[form.index('name="is_published"') - 80 : form.index('name="is_published"') + 80]
    assert "checked" not in checkbox
    # The form as it comes (no tick): saved to preview.
    data = {"week": week.pk, "title": "Half written", "position": 1, "minutes": 10,
            "body": "To do", "_continue": "1"}  # fmt: skip
    assert client.post(add, data).status_code == 302
    lesson = Lesson.objects.get(title="Half written")
    assert lesson.is_published is False

    client.force_login(alice)
    url = reverse("syllabus:lesson", args=[lesson.pk])
    assert client.get(url).status_code == 404
    assert "Half written" not in client.get(reverse("labs:dashboard")).content.decode()

    client.force_login(staff_user)
    change = reverse("admin:syllabus_lesson_change", args=[lesson.pk])
    assert client.post(change, {**data, "is_published": "on"}).status_code == 302
    client.force_login(alice)
    assert client.get(url).status_code == 200
