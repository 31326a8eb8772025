"""GET /api/v1/labs/{lab}/leaderboard: the web page's board, same rules, as JSON."""

import pytest

from leaderboards import services
from leaderboards.aliases import alias_for
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_lab(db):
    """Week 3: open for a cohort three weeks in, not yet due; the reference scores 0.9."""
    return lab_with_reference(slug="board-api-lab", week=3, score=0.9)


@pytest.fixture
def scored(cohort, board_lab, enrolled_alice, enrolled_bob):
    SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=board_lab, public_score=0.95)
    SubmissionFactory(student=enrolled_bob, cohort=cohort, lab=board_lab, public_score=0.85)


URL = "/api/v1/labs/board-api-lab/leaderboard"


def test_a_student_reads_the_board_of_their_cohort(alice_api, enrolled_alice, scored):
    response = alice_api.get(URL)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["phase"] == "public" and data["is_enabled"] and data["ranked"] == 2
    # It says when it turns final: when late work closes, after the due date.
    assert data["final_at"] > data["due_on"] and data["your_final_at"] is None
    assert [(r["rank"], r["is_reference"], r["is_you"]) for r in data["rows"]] == [
        (1, False, True),
        (None, True, False),
        (2, False, False),
    ]
    assert data["rows"][0]["name"] == alias_for(enrolled_alice.pk)
    assert all(row["student"] is None for row in data["rows"])


def test_a_hidden_classmate_is_not_in_a_students_answer(alice_api, enrolled_bob, scored):
    services.leaderboard_profile_set(user=enrolled_bob, display_name="", is_hidden=True)
    data = alice_api.get(URL).json()
    assert [row["rank"] for row in data["rows"]] == [1, None]
    assert data["hidden"] == 1


def test_the_instructor_reads_any_cohort_they_teach_with_real_names(
    as_user, instructor, cohort, scored
):
    data = as_user(instructor).get(URL, {"cohort": cohort.pk}).json()
    assert data["cohort"]["id"] == cohort.pk
    students = sorted(row["student"] for row in data["rows"] if not row["is_reference"])
    assert students[0].startswith("Alice ") and students[1].startswith("Bob ")


def test_a_turned_off_board_answers_no_rows_to_students(
    alice_api, instructor, cohort, board_lab, scored
):
    services.leaderboard_switch(cohort=cohort, lab=board_lab, is_enabled=False, actor=instructor)
    data = alice_api.get(URL).json()
    assert data["is_enabled"] is False and data["rows"] == []


@pytest.mark.parametrize("cohort_param", [-1, 2**63, 987654])
def test_another_cohort_or_a_bad_id_is_a_json_404(
    as_user, other_instructor, cohort, board_lab, cohort_param
):
    client = as_user(other_instructor)
    response = client.get(URL, {"cohort": cohort.pk})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(URL, {"cohort": cohort_param}).status_code == 404


def test_a_student_cannot_ask_for_another_cohort(alice_api, other_cohort, board_lab, scored):
    assert alice_api.get(URL, {"cohort": other_cohort.pk}).status_code == 404


def test_without_a_cohort_or_a_token(as_user, stranger, board_lab):
    response = as_user(stranger).get(URL)
    assert response.status_code == 403  # the web page's answer, and its words
    assert response.json()["detail"].startswith("Leaderboards are for the students")
    assert as_user(None).get(URL).status_code == 401
