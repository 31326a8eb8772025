"""GET /api/v1/me and /api/v1/enrolments."""

import pytest

from enrolment.models import Enrolment
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_me_names_the_student_and_her_cohort(alice_api, cohort):
    body = alice_api.get("/api/v1/me").json()
    assert body["username"] == "alice"
    assert body["is_reviewer"] is False
    assert body["cohort"]["id"] == cohort.pk
    assert body["cohort"]["start_date"] == cohort.start_date.isoformat()


def test_me_for_an_instructor_says_reviewer_and_no_cohort(as_user, instructor):
    body = as_user(instructor).get("/api/v1/me").json()
    assert body["is_reviewer"] is True
    assert body["cohort"] is None


def test_enrolments_lists_mine_only_with_waitlist_place(as_user, alice, bob):
    full = CohortFactory(capacity=1)
    EnrolmentFactory(user=bob, cohort=full)
    EnrolmentFactory(user=alice, cohort=full, status=Enrolment.Status.WAITLISTED)
    body = as_user(alice).get("/api/v1/enrolments").json()
    assert [(e["cohort"]["id"], e["status"], e["waitlist_position"]) for e in body] == [
        (full.pk, "waitlisted", 1)
    ]


def test_enrolments_of_someone_without_any_is_an_empty_list(as_user, stranger):
    response = as_user(stranger).get("/api/v1/enrolments")
    assert response.status_code == 200
    assert response.json() == []
