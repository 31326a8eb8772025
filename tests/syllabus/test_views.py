"""The syllabus pages: what the public sees, what a student reads and marks done, files."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from syllabus.models import LessonCompletion
from tests.syllabus.factories import LessonFactory, ResourceFactory, WeekFactory

pytestmark = pytest.mark.django_db

SECRET_BODY = "The body only **students** read."


@pytest.fixture
def week_one():
    week = WeekFactory(number=1, title="Train, predict, submit", summary="The whole loop.")
    LessonFactory(week=week, title="Your first model", body=SECRET_BODY)
    ResourceFactory(week=week, title="Pandas cheat sheet", url="https://example.org/pandas")
    return week


def test_public_syllabus_shows_what_each_week_covers_and_nothing_locked(client, week_one):
    page = client.get(reverse("syllabus:public", args=["intensive"])).content.decode()
    assert "Train, predict, submit" in page and "The whole loop." in page
    assert "Your first model" in page
    assert "students</strong> read" not in page
    assert "Pandas cheat sheet" not in page
    assert reverse("syllabus:lesson", args=[week_one.lessons.get().pk]) not in page


def test_public_syllabus_stretches_over_the_flexible_calendar(client, week_one):
    WeekFactory(number=12, title="Capstone")
    page = client.get(reverse("syllabus:public", args=["flexible"])).content.decode()
    assert "Weeks 1\u20132: Train, predict, submit" in page
    assert "Weeks 28\u201330: Capstone" in page


def test_a_student_reads_the_lesson_and_the_week_resources(client, enrolled_alice, alice, week_one):
    client.force_login(alice)
    page = client.get(reverse("syllabus:mine")).content.decode()
    assert "Pandas cheat sheet" in page
    lesson = week_one.lessons.get()
    body = client.get(reverse("syllabus:lesson", args=[lesson.pk])).content.decode()
    assert "<strong>students</strong>" in body


def test_a_later_week_shows_its_title_and_opening_day_only(client, enrolled_alice, alice):
    later = LessonFactory(week=WeekFactory(number=12), title="Pricing homes")
    client.force_login(alice)
    page = client.get(reverse("syllabus:mine")).content.decode()
    assert "Pricing homes" in page and "Opens on" in page
    assert reverse("syllabus:lesson", args=[later.pk]) not in page
    assert client.get(reverse("syllabus:lesson", args=[later.pk])).status_code == 404


def test_someone_not_enrolled_is_sent_to_the_programs(client, alice, week_one):
    client.force_login(alice)
    assert client.get(reverse("syllabus:mine")).url == reverse("programs")
    lesson = week_one.lessons.get()
    assert client.get(reverse("syllabus:lesson", args=[lesson.pk])).status_code == 403


def test_marking_done_and_undone_shows_in_the_progress(client, enrolled_alice, alice, week_one):
    lesson = week_one.lessons.get()
    LessonFactory(week=week_one, title="Second lesson")
    client.force_login(alice)
    url = reverse("syllabus:lesson_done", args=[lesson.pk])
    response = client.post(url, {"done": "1", "next": reverse("syllabus:mine")})
    assert response.url == reverse("syllabus:mine")
    client.post(url, {"done": "1"})  # twice is once
    assert LessonCompletion.objects.filter(user=alice, lesson=lesson).count() == 1
    page = client.get(reverse("syllabus:mine")).content.decode()
    assert 'data-testid="lessons-done">1 of 2<' in page
    dashboard = " ".join(client.get(reverse("labs:dashboard")).content.decode().split())
    assert "Lessons done: <strong>1 of 2</strong>" in dashboard
    client.post(url, {"done": "0"})
    assert not LessonCompletion.objects.filter(user=alice).exists()


def test_marking_done_never_redirects_off_site(client, enrolled_alice, alice, week_one):
    lesson = week_one.lessons.get()
    client.force_login(alice)
    response = client.post(
        reverse("syllabus:lesson_done", args=[lesson.pk]),
        {"done": "1", "next": "https://evil.example/"},
    )
    assert response.url == reverse("syllabus:lesson", args=[lesson.pk])


def test_a_week_file_is_streamed_to_a_student(client, enrolled_alice, alice, week_one):
    resource = ResourceFactory(
        week=week_one, url="", file=ContentFile(b"slides", name="slides.pdf")
    )
    client.force_login(alice)
    response = client.get(reverse("syllabus:resource_file", args=[resource.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"slides"
    assert 'filename="slides.pdf"' in response["Content-Disposition"]
