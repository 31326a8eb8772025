"""Blind grading: while a blind lab's grades are not released to a cohort, no place where
a grader sees that lab's submissions names the student (the viewer, the grading queue, the
gradebook, its lab and student pages, the CSV, the leaderboard, the API); after release,
names are back."""

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from rubrics.selectors import pseudonym
from rubrics.services import grading
from tests.api.conftest import TokenClient, secret_for

NAMES = ("Alice Student", "alice@")
# The submission's own page and its live part call the student by first name ("Alice's
# public score"), the viewer by full name: while blind, neither may show.
FIRST_NAME = "Alice"


@pytest.fixture
def blind(rubric):
    rubric.is_blind = True
    rubric.save()
    return rubric


@pytest.fixture
def alias(graded_alice):
    return pseudonym(lab_id=graded_alice.lab_id, student_id=graded_alice.student_id)


def _body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _pages(client, instructor, submission, cohort):
    client.force_login(instructor)
    lab = submission.lab
    return {
        "viewer": client.get(reverse("reviews:submission", args=[submission.pk])),
        "queue": client.get(reverse("rubrics:queue", args=[lab.slug, cohort.pk])),
        "gradebook lab": client.get(reverse("labs:gradebook_lab", args=[cohort.pk, lab.slug])),
        "leaderboard": client.get(
            reverse("leaderboards:leaderboard", args=[lab.slug]) + f"?cohort={cohort.pk}"
        ),
    }


def test_graders_see_a_pseudonym_in_the_viewer_queue_and_lab_page(
    client, instructor, graded_alice, cohort, blind, alias
):
    for where, response in _pages(client, instructor, graded_alice, cohort).items():
        body = _body(response)
        assert response.status_code == 200, where
        assert alias in body, where
        for name in NAMES:
            assert name not in body, where
        # No link to the student's named gradebook page either.
        named_page = reverse("labs:gradebook_student", args=[cohort.pk, graded_alice.student_id])
        assert named_page not in body, where


def test_the_submission_page_and_its_live_status_call_the_student_by_pseudonym(
    client, instructor, graded_alice, cohort, blind, alias
):
    client.force_login(instructor)
    pages = {
        "viewer": reverse("reviews:submission", args=[graded_alice.pk]),
        "submission": reverse("labs:submission", args=[graded_alice.pk]),
        "live status": reverse("labs:submission_status", args=[graded_alice.pk]),
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        body = _body(response)
        assert FIRST_NAME not in body, where
        assert escape(f"{alias}'s public score") in body, where
    # The student still reads "Your", and after release the grader reads the name again.
    client.force_login(graded_alice.student)
    assert "Your public score" in _body(client.get(pages["submission"]))
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    client.force_login(instructor)
    assert escape("Alice's public score") in _body(client.get(pages["submission"]))


def test_the_gradebook_and_its_csv_hide_the_blind_labs_cells(
    client, instructor, graded_alice, cohort, blind
):
    client.force_login(instructor)
    page = _body(client.get(reverse("labs:gradebook", args=[cohort.pk])))
    assert "Blind grading: hidden until released" in page
    assert "0.9" not in page.split('data-testid="student-row"', 1)[1].split("</tr>", 1)[0]
    csv_text = _body(client.get(reverse("labs:gradebook_export", args=[cohort.pk])))
    header, alice_row = csv_text.splitlines()[:2]
    columns = dict(zip(header.split(","), alice_row.split(","), strict=True))
    assert columns["first-classifier best"] == ""
    assert columns["first-classifier status"] == "Blind grading: hidden until released"


def test_the_named_student_page_lists_no_blind_submission(
    client, instructor, graded_alice, cohort, blind
):
    client.force_login(instructor)
    url = reverse("labs:gradebook_student", args=[cohort.pk, graded_alice.student_id])
    body = _body(client.get(url))
    assert reverse("reviews:submission", args=[graded_alice.pk]) not in body
    assert 'data-testid="blind-hidden"' in body


def test_the_api_names_nobody(client, instructor, graded_alice, cohort, blind, alias):
    api = TokenClient(client, secret_for(instructor))
    lab = graded_alice.lab
    grades = api.get(f"/api/v1/cohorts/{cohort.pk}/labs/{lab.slug}/rubric-grades")
    assert grades.status_code == 200
    row = grades.json()["students"][0]
    assert row == {
        "student": alias,
        "student_id": None,
        "submission_id": graded_alice.pk,
        "points": None,
    }
    board = api.get(f"/api/v1/labs/{lab.slug}/leaderboard?cohort={cohort.pk}")
    assert board.status_code == 200
    assert alias in board.content.decode()
    for name in NAMES:
        assert name not in board.content.decode()
    book = api.get(f"/api/v1/cohorts/{cohort.pk}/gradebook").json()
    cell = book["students"][0]["cells"][0]
    assert cell["status"] == "blind" and cell["best_score"] is None
    for body in (grades.content.decode(), json.dumps(cell)):
        for name in NAMES:
            assert name not in body


def test_the_pseudonym_is_stable_and_differs_across_labs(graded_alice, alias):
    again = pseudonym(lab_id=graded_alice.lab_id, student_id=graded_alice.student_id)
    other = pseudonym(lab_id=graded_alice.lab_id + 1, student_id=graded_alice.student_id)
    assert again == alias != other


def test_names_come_back_after_release(client, instructor, graded_alice, cohort, blind, alias):
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    for where, response in _pages(client, instructor, graded_alice, cohort).items():
        body = _body(response)
        assert "Alice Student" in body, where
        assert alias not in body, where


def test_a_lab_not_graded_blind_shows_names(client, instructor, graded_alice, cohort, rubric):
    body = _body(_pages(client, instructor, graded_alice, cohort)["viewer"])
    assert "Alice Student" in body


def test_a_students_comment_reaches_graders_under_the_pseudonym(
    client, instructor, graded_alice, blind, alias
):
    from outbox.models import OutgoingEmail
    from reviews.services import comments

    client.force_login(graded_alice.student)
    comments.comment_create(
        submission=graded_alice, author=graded_alice.student, body="Did I pass?"
    )
    email = comments.comment_message(OutgoingEmail.objects.get(kind="comment"))
    assert alias in email.body and "Alice" not in email.body
    client.force_login(instructor)
    page = _body(client.get(reverse("reviews:submission", args=[graded_alice.pk])))
    assert "Did I pass?" in page and "Alice Student" not in page
