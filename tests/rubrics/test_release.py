"""Grading in the viewer, and the release: before it the student sees nothing of the
rubric or the line comments; after it they see both."""

import pytest
from django.urls import reverse

from rubrics.models import LineComment, RubricGrade
from tests.labs.factories import uploaded

CODE = b"def train(X, y):\n    return None\n\n\ndef predict(model, X):\n    return [0] * len(X)\n"


@pytest.fixture
def code_rubric(code_lab):
    from rubrics.models import Rubric

    rubric = Rubric.objects.create(lab=code_lab, weight="0.5")
    rubric.items.create(title="Model choice", points=5, position=1)
    rubric.items.create(title="Style", points=5, position=2)
    return rubric


@pytest.fixture
def alice_code(enrolled_alice, cohort, code_lab):
    return uploaded(lab=code_lab, student=enrolled_alice, cohort=cohort, name="s.py", content=CODE)


def _page(client, user, submission):
    client.force_login(user)
    return client.get(reverse("reviews:submission", args=[submission.pk]))


def _grade(client, instructor, submission, rubric, *points):
    client.force_login(instructor)
    data = {}
    for item, value in zip(rubric.items.all(), points, strict=True):
        data[f"rubric-points_{item.pk}"] = value
        data[f"rubric-comment_{item.pk}"] = f"About {item.title}."
    return client.post(reverse("rubrics:grade", args=[submission.pk]), data)


def _comment_line(client, instructor, submission, line, body="Why return None here?"):
    client.force_login(instructor)
    return client.post(
        reverse("reviews:line_comment_create", args=[submission.pk]),
        {"line-line": line, "line-body": body},
    )


def _release(client, instructor, lab, cohort):
    client.force_login(instructor)
    return client.post(reverse("rubrics:release", args=[lab.slug, cohort.pk]))


def test_an_instructor_grades_item_by_item(client, instructor, alice_code, code_rubric):
    response = _grade(client, instructor, alice_code, code_rubric, "4", "")
    assert response.status_code == 302
    grade = RubricGrade.objects.get()
    assert grade.submission == alice_code
    assert [(m.item.title, m.points) for m in grade.marks.all()] == [("Model choice", 4)]
    assert (
        'data-testid="rubric-points">4 of 10'
        in _page(client, instructor, alice_code).content.decode()
    )


def test_points_above_the_item_are_refused(client, instructor, alice_code, code_rubric):
    response = _grade(client, instructor, alice_code, code_rubric, "6", "1")
    assert response.status_code == 302
    assert not RubricGrade.objects.exists()
    assert "Not saved" in _page(client, instructor, alice_code).content.decode()


def test_a_comment_sits_beside_its_line(client, instructor, alice_code, code_rubric):
    assert _comment_line(client, instructor, alice_code, 2).status_code == 302
    comment = LineComment.objects.get()
    assert (comment.line, comment.cell) == (2, None)
    body = _page(client, instructor, alice_code).content.decode()
    line_two = body.index('id="L2"')
    assert body.index('data-testid="line-comment" data-line="2"') > line_two
    assert body.index('data-testid="line-comment" data-line="2"') < body.index('id="L3"')


def test_a_line_past_the_end_is_refused(client, instructor, alice_code, code_rubric):
    response = _comment_line(client, instructor, alice_code, 99)
    assert response.status_code == 400
    assert "there is no line 99" in response.content.decode()
    assert not LineComment.objects.exists()


def test_the_student_sees_nothing_before_release_and_everything_after(
    client, instructor, alice, alice_code, code_rubric, cohort
):
    _grade(client, instructor, alice_code, code_rubric, "3", "5")
    _comment_line(client, instructor, alice_code, 2, body="Return a fitted model.")
    before = _page(client, alice, alice_code).content.decode()
    assert 'id="rubric"' not in before
    assert "Return a fitted model." not in before
    assert "About Style." not in before

    assert _release(client, instructor, alice_code.lab, cohort).status_code == 302
    after = _page(client, alice, alice_code).content.decode()
    assert 'data-testid="rubric-feedback"' in after
    assert "About Style." in after
    assert "Return a fitted model." in after
    assert 'data-testid="rubric-points">8 of 10' in after
    assert 'data-testid="regrade-form"' in after


def test_another_student_never_sees_the_feedback(
    client, instructor, bob, enrolled_bob, alice_code, code_rubric, cohort
):
    _grade(client, instructor, alice_code, code_rubric, "3", "5")
    _release(client, instructor, alice_code.lab, cohort)
    assert _page(client, bob, alice_code).status_code == 404


def test_students_cannot_grade_or_release(client, alice, alice_code, code_rubric, cohort):
    assert _grade(client, alice, alice_code, code_rubric, "5", "5").status_code == 404
    assert _release(client, alice, alice_code.lab, cohort).status_code == 404
    assert not RubricGrade.objects.exists()


def test_the_queue_lists_students_and_their_points(
    client, instructor, alice_code, code_rubric, cohort
):
    _grade(client, instructor, alice_code, code_rubric, "3", "5")
    client.force_login(instructor)
    body = client.get(reverse("rubrics:queue", args=[alice_code.lab.slug, cohort.pk])).content
    body = body.decode()
    assert "Alice Student" in body
    assert "8 of 10" in body
    assert 'data-testid="release-form"' in body


def test_a_comment_on_a_line_of_the_predictions(client, instructor, graded_alice, rubric):
    client.force_login(instructor)
    url = reverse("reviews:line_comment_create", args=[graded_alice.pk])
    assert client.post(url, {"line-line": 3, "line-body": "This id twice?"}).status_code == 302
    body = _page(client, instructor, graded_alice).content.decode()
    assert body.index('data-testid="line-comment" data-line="3"') > body.index('id="L3"')
    assert client.post(url, {"line-line": 500, "line-body": "Past the preview."}).status_code == 400
