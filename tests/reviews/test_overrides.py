"""Grade overrides: reason required, recorded, shown, used by the gradebook and CSV, undoable,
and still in force after a regrade."""

import csv
import io

import pytest
from django.urls import reverse

from courses import selectors
from courses.models import GradeOverride
from labs.services import worker
from progress.dashboards.gradebook import cohort_gradebook
from reviews.services import overrides
from tests.support import response_text

pytestmark = pytest.mark.django_db


def _override(client, user, submission, **data):
    client.force_login(user)
    payload = {"outcome": "fail", "reason": "Copied from the reference\nsolution.", **data}
    return client.post(reverse("reviews:override_set", args=[submission.pk]), payload)


def test_a_reason_is_required(client, instructor, graded_alice):
    response = _override(client, instructor, graded_alice, reason="  ")
    assert response.status_code == 400
    assert not GradeOverride.objects.exists()


def test_an_override_is_recorded_with_who_when_old_and_new(client, instructor, graded_alice):
    assert _override(client, instructor, graded_alice, score="0.5").status_code == 302
    override = GradeOverride.objects.get()
    assert override.created_by == instructor
    assert (override.previous_passed, override.passed) == (True, False)
    assert override.previous_score == graded_alice.public_score
    assert override.score == 0.5
    # A second one replaces the first; both stay in the history.
    _override(client, instructor, graded_alice, outcome="pass", reason="Talked it through.")
    history = list(
        selectors.override_history(
            student=graded_alice.student, lab=graded_alice.lab, cohort=graded_alice.cohort
        )
    )
    assert [o.passed for o in history] == [True, False]
    assert history[1].revoked_by == instructor
    assert history[0].previous_passed is False  # what the first override had set


def test_the_gradebook_and_the_csv_use_the_override(client, instructor, graded_alice, cohort):
    _override(client, instructor, graded_alice, score="0.25")
    book = cohort_gradebook(cohort=cohort)
    cell = book.rows[0].cells[0]
    # The week-1 lab is past its due date in this cohort: not passed reads "overdue".
    assert (cell.status, cell.best_score, cell.is_overridden) == ("overdue", 0.25, True)
    assert book.rows[0].passed == 0
    export = response_text(client.get(reverse("labs:gradebook_export", args=[cohort.pk])))
    row = list(csv.reader(io.StringIO(export)))[1]
    assert "0.2500" in row and "Overdue (override)" in row


def test_a_pass_override_without_any_submission_counts(
    instructor, enrolled_alice, cohort, wine_lab
):
    overrides.grade_override_set(
        student=enrolled_alice,
        lab=wine_lab,
        cohort=cohort,
        actor=instructor,
        passed=True,
        score=None,
        reason="Did it on paper.",
    )
    row = cohort_gradebook(cohort=cohort).rows[0]
    assert row.cells[0].has_passed and row.passed == 1


def test_the_student_sees_the_override_and_its_reason(client, instructor, graded_alice):
    _override(client, instructor, graded_alice, reason="Used <the test labels>")
    client.force_login(graded_alice.student)
    dashboard = client.get(reverse("labs:dashboard")).content.decode()
    assert 'data-testid="lab-override"' in dashboard
    assert "Used &lt;the test labels&gt;" in dashboard
    page = client.get(reverse("reviews:submission", args=[graded_alice.pk])).content.decode()
    assert 'data-testid="override-reason"' in page
    assert "Undo the override" not in page  # students cannot undo


def test_undo_restores_the_students_own_grade(client, instructor, graded_alice, cohort):
    _override(client, instructor, graded_alice)
    override = GradeOverride.objects.get()
    response = client.post(reverse("reviews:override_undo", args=[override.pk]))
    assert response.status_code == 302
    override.refresh_from_db()
    assert override.revoked_by == instructor and override.revoked_at is not None
    cell = cohort_gradebook(cohort=cohort).rows[0].cells[0]
    assert (cell.status, cell.is_overridden) == ("passed", False)


def test_an_override_survives_a_regrade_and_the_pages_say_so(
    client, instructor, graded_alice, cohort
):
    _override(client, instructor, graded_alice, reason="Late by agreement")
    response = client.post(reverse("labs:gradebook_regrade", args=[graded_alice.pk]), follow=True)
    assert "still in force" in response.content.decode()
    page = client.get(reverse("reviews:submission", args=[graded_alice.pk])).content.decode()
    assert "the regrade under way does not change it" in page
    worker.submission_grade(submission_id=graded_alice.pk)
    graded_alice.refresh_from_db()
    assert graded_alice.passed is True  # the grader's own verdict
    override = selectors.override_for(
        student=graded_alice.student, lab=graded_alice.lab, cohort=cohort
    )
    assert override is not None and override.passed is False
    cell = cohort_gradebook(cohort=cohort).rows[0].cells[0]
    assert (cell.has_passed, cell.is_overridden) == (False, True)
    page = client.get(reverse("reviews:submission", args=[graded_alice.pk])).content.decode()
    assert "a regrade does not change it" in page


def test_students_and_other_instructors_cannot_override(
    client, other_instructor, enrolled_bob, graded_alice
):
    for user in (graded_alice.student, enrolled_bob, other_instructor):
        assert _override(client, user, graded_alice).status_code == 404
    assert not GradeOverride.objects.exists()


def test_the_other_instructor_cannot_undo(client, instructor, other_instructor, graded_alice):
    _override(client, instructor, graded_alice)
    override = GradeOverride.objects.get()
    client.force_login(other_instructor)
    assert client.post(reverse("reviews:override_undo", args=[override.pk])).status_code == 404
    override.refresh_from_db()
    assert override.is_in_force
