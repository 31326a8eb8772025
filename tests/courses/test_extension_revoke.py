"""Undoing an extension granted in error: recorded (who, when, why), and the student's
dates, late penalty and gradebook flags go back to what they were."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import selectors, services
from courses.models import Extension
from labs.models import Submission
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory
from tests.labs.factories import CohortFactory
from tests.support import due_moment

pytestmark = pytest.mark.django_db


def _grant(student, cohort, lab, instructor, *, days=7, reason="Ill"):
    return services.extension_grant(
        student=student,
        cohort=cohort,
        granted_by=instructor,
        reason=reason,
        lab=lab,
        due_on=lab.due_on(cohort) + datetime.timedelta(days=days),
    )


def test_revoking_puts_the_cohorts_date_and_the_late_penalty_back(
    student, cohort, scored_lab, policy, instructor, clock
):
    extension = _grant(student, cohort, scored_lab, instructor)
    now = clock.set(due_moment(scored_lab, cohort, days=2))
    submission = SubmissionFactory(student=student, cohort=cohort, lab=scored_lab, public_score=0.9)
    Submission.objects.filter(pk=submission.pk).update(created_at=now)
    result = selectors.lab_result_for(student=student, cohort=cohort, lab=scored_lab)
    assert result.due.source == "extension" and result.penalty == 0

    services.extension_revoke(extension=extension, revoked_by=instructor, reason="Wrong student")

    extension.refresh_from_db()
    assert extension.revoked_by == instructor and extension.revoke_reason == "Wrong student"
    assert extension.revoked_at == now
    result = selectors.lab_result_for(student=student, cohort=cohort, lab=scored_lab)
    assert result.due_on == scored_lab.due_on(cohort) and result.due.source == "cohort"
    assert result.is_due and result.penalty == pytest.approx(0.2)  # two days late again


def test_revoking_the_newest_grant_brings_back_the_one_before(
    student, cohort, scored_lab, policy, instructor
):
    _grant(student, cohort, scored_lab, instructor, days=3, reason="Ill")
    newest = _grant(student, cohort, scored_lab, instructor, days=10, reason="Typo: meant 3")
    services.extension_revoke(extension=newest, revoked_by=instructor, reason="Typo")
    due = selectors.due_dates_for(cohort=cohort).for_student(student.pk, scored_lab)
    assert due.due_on == scored_lab.due_on(cohort) + datetime.timedelta(days=3)
    assert due.note == "Ill"


def test_an_extension_is_revoked_once_and_only_with_a_reason(
    student, cohort, scored_lab, instructor
):
    extension = _grant(student, cohort, scored_lab, instructor)
    with pytest.raises(ValidationError, match="Say why"):
        services.extension_revoke(extension=extension, revoked_by=instructor, reason="  ")
    assert Extension.objects.get(pk=extension.pk).revoked_at is None
    services.extension_revoke(extension=extension, revoked_by=instructor, reason="Error")
    with pytest.raises(ValidationError, match="already revoked"):
        services.extension_revoke(extension=extension, revoked_by=instructor, reason="Again")
    assert Extension.objects.get(pk=extension.pk).revoke_reason == "Error"


def test_the_instructor_revokes_from_the_extensions_page(
    client, student, cohort, scored_lab, policy, instructor, clock
):
    extension = _grant(student, cohort, scored_lab, instructor)
    clock.set(due_moment(scored_lab, cohort, days=1))
    client.force_login(instructor)
    page = client.get(reverse("courses:extensions", args=[cohort.pk])).content.decode()
    assert reverse("courses:extension_revoke", args=[extension.pk]) in page
    assert 'name="csrfmiddlewaretoken"' in page.split('data-testid="revoke-form"')[1]

    response = client.post(
        reverse("courses:extension_revoke", args=[extension.pk]),
        {"reason": "Granted to the wrong student"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("courses:extensions", args=[cohort.pk])
    body = response.content.decode()
    assert "back to what they were" in body
    assert 'data-testid="revoked"' in body and "Granted to the wrong student" in body
    # The gradebook flags the lab overdue again: her own date is the cohort's once more.
    gradebook = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    assert "1 lab overdue" in gradebook.split('data-student="stella"')[1].split("</tr>")[0]


def test_revoking_without_a_reason_changes_nothing_and_says_why(
    client, student, cohort, scored_lab, instructor
):
    extension = _grant(student, cohort, scored_lab, instructor)
    client.force_login(instructor)
    response = client.post(
        reverse("courses:extension_revoke", args=[extension.pk]), {"reason": ""}, follow=True
    )
    assert "Not revoked: Say why" in response.content.decode()
    assert Extension.objects.get(pk=extension.pk).revoked_at is None


def test_only_the_cohorts_reviewers_can_revoke(client, student, cohort, scored_lab, instructor):
    extension = _grant(student, cohort, scored_lab, instructor)
    stranger = UserFactory(username="olga")
    CohortFactory().instructors.add(stranger)
    url = reverse("courses:extension_revoke", args=[extension.pk])
    for person in (student, stranger):
        client.force_login(person)
        assert client.post(url, {"reason": "Mine now"}).status_code == 404
    assert Extension.objects.get(pk=extension.pk).revoked_at is None


def test_staff_revoke_in_the_admin_records_who_and_why(
    client, student, cohort, scored_lab, instructor, staff_user
):
    extension = _grant(student, cohort, scored_lab, instructor)
    client.force_login(staff_user)
    url = reverse("admin:courses_extension_change", args=[extension.pk])
    assert 'name="revoke_reason"' in client.get(url).content.decode()
    response = client.post(url, {"revoke_reason": "Duplicate grant"})
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.revoked_by == staff_user and extension.revoke_reason == "Duplicate grant"
    assert extension.revoked_at is not None and extension.revoked_at <= timezone.now()
    assert (
        selectors.due_dates_for(cohort=cohort).for_student(student.pk, scored_lab).source
        == "cohort"
    )
    # A revoked one is a record only: nothing on its page can be changed any more.
    assert 'name="revoke_reason"' not in client.get(url).content.decode()
