"""GET /api/v1/cohorts and /api/v1/cohorts/{id}/gradebook: instructors and staff only."""

import pytest

from labs.models import Submission
from labs.services import intake, worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_graded_week3(
    enrolled_alice, enrolled_bob, cohort, wine_lab_week3, wine_week3_predictions
):
    submission = intake.submission_create(
        lab=wine_lab_week3,
        student=enrolled_alice,
        cohort=cohort,
        upload=intake.UploadedPredictions(name="p.csv", content=wine_week3_predictions),
    )
    worker.submission_grade(submission_id=submission.pk)
    return enrolled_alice


def test_the_instructor_reads_their_cohorts_gradebook(
    as_user, instructor, cohort, alice_graded_week3
):
    response = as_user(instructor).get(f"/api/v1/cohorts/{cohort.pk}/gradebook")
    assert response.status_code == 200
    body = response.json()
    rows = {row["username"]: row for row in body["students"]}
    assert set(rows) == {"alice", "bob"}
    (cell,) = rows["alice"]["cells"]
    assert (cell["lab"], cell["status"], cell["attempts"]) == ("first-classifier", "passed", 1)
    assert rows["bob"]["cells"][0]["best_score"] is None
    (lab,) = body["labs"]
    assert (lab["students"], lab["passed"], lab["pass_rate"]) == (2, 1, 50)


def test_the_gradebook_sorts_like_the_web(as_user, instructor, cohort, alice_graded_week3):
    body = (
        as_user(instructor).get(f"/api/v1/cohorts/{cohort.pk}/gradebook", {"sort": "-name"}).json()
    )
    assert [row["username"] for row in body["students"]] == ["bob", "alice"]


@pytest.mark.parametrize("persona", ["other_instructor", "enrolled_alice"])
def test_other_instructors_and_students_get_404(request, as_user, cohort, persona):
    user = request.getfixturevalue(persona)
    response = as_user(user).get(f"/api/v1/cohorts/{cohort.pk}/gradebook")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


def test_staff_read_every_cohort(as_user, staff_user, cohort, other_cohort):
    ids = {c["id"] for c in as_user(staff_user).get("/api/v1/cohorts").json()}
    assert {cohort.pk, other_cohort.pk} <= ids
    assert (
        as_user(staff_user).get(f"/api/v1/cohorts/{other_cohort.pk}/gradebook").status_code == 200
    )


def test_cohorts_lists_only_what_an_instructor_teaches(as_user, instructor, cohort, other_cohort):
    assert [c["id"] for c in as_user(instructor).get("/api/v1/cohorts").json()] == [cohort.pk]


def test_cohorts_for_a_student_is_404(alice_api):
    assert alice_api.get("/api/v1/cohorts").status_code == 404


def test_the_gradebook_costs_a_fixed_number_of_queries(
    as_user, instructor, cohort, alice_graded_week3, django_assert_max_num_queries
):
    api = as_user(instructor)
    Submission.objects.count()
    # token (1) + last_used touch (0-1) + cohort (1) + labs, students, cells (3)
    # + the course rules (courses.selectors): late policies, extensions, join dates,
    # counted submission per (student, lab), released rubric grades (5) + the labs graded
    # blind, whose cells are hidden (1)
    # counted submission per (student, lab) (4), the credits (teams: 1) + the students'
    # team names (teams: 1)
    with django_assert_max_num_queries(13):
        api.get(f"/api/v1/cohorts/{cohort.pk}/gradebook")
