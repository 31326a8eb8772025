"""The rubric routes of the API: a student's released feedback and regrade requests; a
grader's rubric grades and answers. A student never reads another's feedback."""

from decimal import Decimal

import pytest

from rubrics.models import LineComment, RegradeRequest
from rubrics.services import grading
from tests.api.conftest import TokenClient, secret_for


@pytest.fixture
def graded(graded_alice, instructor, items):
    marks = {items[0].pk: (Decimal(3), "Good."), items[2].pk: (Decimal(2), "")}
    grading.rubric_grade_set(submission=graded_alice, grader=instructor, marks=marks)
    LineComment.objects.create(submission=graded_alice, author=instructor, line=1, body="Hm.")
    return graded_alice


def _api(client, user):
    return TokenClient(client, secret_for(user))


def _feedback_url(submission):
    return f"/api/v1/labs/{submission.lab.slug}/rubric-feedback"


def test_feedback_is_not_found_before_release(client, alice, graded):
    response = _api(client, alice).get(_feedback_url(graded))
    assert response.status_code == 404
    assert response.json()["code"] == "not_released"
    assert "Good." not in response.content.decode()


def test_feedback_after_release(client, alice, instructor, graded, cohort):
    grading.grades_release(lab=graded.lab, cohort=cohort, actor=instructor)
    body = _api(client, alice).get(_feedback_url(graded)).json()
    assert Decimal(body["points"]) == 5
    assert body["max_points"] == 10
    assert [m["comment"] for m in body["marks"]] == ["Good.", "", ""]
    assert body["line_comments"][0]["line"] == 1 and body["line_comments"][0]["body"] == "Hm."


def test_another_student_reads_only_their_own(
    client, bob, enrolled_bob, instructor, graded, cohort
):
    grading.grades_release(lab=graded.lab, cohort=cohort, actor=instructor)
    response = _api(client, bob).get(_feedback_url(graded))
    assert response.status_code == 404
    assert "Good." not in response.content.decode()


def test_a_regrade_request_and_its_answer(client, alice, instructor, graded, items, cohort):
    grading.grades_release(lab=graded.lab, cohort=cohort, actor=instructor)
    url = f"/api/v1/labs/{graded.lab.slug}/regrade-requests"
    asked = _api(client, alice).post(
        url,
        {"item_id": items[1].pk, "reason": "Cross-validation is in cell 4."},
        content_type="application/json",
    )
    assert asked.status_code == 201, asked.content
    regrade_id = asked.json()["id"]
    answer_url = f"/api/v1/regrade-requests/{regrade_id}/answer"
    refused = _api(client, alice).post(
        answer_url,
        {"accept": True, "points": "4", "reason": "Mine."},
        content_type="application/json",
    )
    assert refused.status_code == 404
    answered = _api(client, instructor).post(
        answer_url,
        {"accept": True, "points": "4", "reason": "Found it."},
        content_type="application/json",
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["decision"]["accepted"] is True
    assert RegradeRequest.objects.get().status == "accepted"
    feedback = _api(client, alice).get(_feedback_url(graded)).json()
    assert Decimal(feedback["points"]) == 9
    assert feedback["regrade_requests"][0]["decision"]["decided_by"] == "Ines Teach"


def test_rubric_grades_are_for_the_cohorts_graders(client, alice, other_instructor, graded, cohort):
    url = f"/api/v1/cohorts/{cohort.pk}/labs/{graded.lab.slug}/rubric-grades"
    assert _api(client, alice).get(url).status_code == 404
    assert _api(client, other_instructor).get(url).status_code == 404


@pytest.mark.parametrize("points", ["NaN", "Infinity", "-1", "99"])
def test_an_answer_with_impossible_points_is_a_clear_400(
    client, alice, instructor, graded, items, cohort, points
):
    from rubrics.services import regrades

    grading.grades_release(lab=graded.lab, cohort=cohort, actor=instructor)
    grade = graded.rubric_grades.get()
    regrade = regrades.regrade_request_create(
        grade=grade, item_id=items[0].pk, student=alice, reason="Please."
    )
    response = _api(client, instructor).post(
        f"/api/v1/regrade-requests/{regrade.pk}/answer",
        {"accept": True, "points": points, "reason": "Sure."},
        content_type="application/json",
    )
    assert response.status_code == 400
    regrade.refresh_from_db()
    assert regrade.status == "open"
