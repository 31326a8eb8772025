"""The instructor chooses blind grading on the grading queue (rubrics:blind): the cohort's
instructors and staff only, recorded in the audit trail, refused once the lab's grades are
released to that cohort."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from rubrics.models import Rubric
from rubrics.selectors import pseudonym


def _set(client, user, lab, cohort, value):
    client.force_login(user)
    return client.post(reverse("rubrics:blind", args=[lab.slug, cohort.pk]), {"blind": value})


def _queue(client, lab, cohort):
    return client.get(reverse("rubrics:queue", args=[lab.slug, cohort.pk])).content.decode()


@pytest.mark.django_db
def test_the_instructor_turns_blind_grading_on_and_off(
    client, instructor, enrolled_alice, cohort, wine_lab, rubric
):
    response = _set(client, instructor, wine_lab, cohort, "on")
    assert response.status_code == 302
    assert Rubric.objects.get(pk=rubric.pk).is_blind
    page = _queue(client, wine_lab, cohort)
    assert pseudonym(lab_id=wine_lab.pk, student_id=enrolled_alice.pk) in page
    assert 'data-testid="blind-notice"' in page and "Show names" in page
    # Who changed it and when is in the audit trail.
    entry = LogEntry.objects.get_for_object(rubric).first()
    assert entry.actor == instructor and entry.changes["is_blind"] == [False, True]
    assert entry.timestamp is not None

    _set(client, instructor, wine_lab, cohort, "off")
    assert not Rubric.objects.get(pk=rubric.pk).is_blind
    page = _queue(client, wine_lab, cohort)
    assert pseudonym(lab_id=wine_lab.pk, student_id=enrolled_alice.pk) not in page
    assert "Grade blind" in page


@pytest.mark.django_db
def test_refused_once_released_to_the_cohort(client, instructor, cohort, wine_lab, rubric):
    client.force_login(instructor)
    client.post(reverse("rubrics:release", args=[wine_lab.slug, cohort.pk]))
    response = _set(client, instructor, wine_lab, cohort, "on")
    assert response.status_code == 302
    assert not Rubric.objects.get(pk=rubric.pk).is_blind
    page = client.get(response.url).content.decode()
    assert "can no longer be turned on or off" in page
    assert 'data-testid="blind-form"' not in page and 'data-testid="blind-locked"' in page


@pytest.mark.django_db
def test_a_student_and_another_cohorts_instructor_are_refused(
    client, enrolled_alice, other_instructor, cohort, wine_lab, rubric
):
    for user in (enrolled_alice, other_instructor):
        assert _set(client, user, wine_lab, cohort, "on").status_code == 404
    assert not Rubric.objects.get(pk=rubric.pk).is_blind


@pytest.mark.django_db
def test_the_form_needs_its_csrf_token(instructor, cohort, wine_lab, rubric):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(instructor)
    url = reverse("rubrics:blind", args=[wine_lab.slug, cohort.pk])
    assert browser.post(url, {"blind": "on"}).status_code == 403
    assert not Rubric.objects.get(pk=rubric.pk).is_blind
    page = browser.get(reverse("rubrics:queue", args=[wine_lab.slug, cohort.pk])).content.decode()
    assert 'data-testid="blind-form"' in page and "csrfmiddlewaretoken" in page


@pytest.mark.django_db
def test_a_lab_without_a_rubric_has_nothing_to_grade_blind(client, instructor, cohort, wine_lab):
    response = _set(client, instructor, wine_lab, cohort, "on")
    assert "no rubric" in client.get(response.url).content.decode()
