"""A regrade request's life: asked about one item after release, answered once (accepted
with new points, or declined), each decision kept with who and when; the result follows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.selectors import lab_result_for
from rubrics.models import RegradeDecision, RegradeRequest
from rubrics.services import grading, regrades


@pytest.fixture
def released_grade(graded_alice, instructor, items, cohort):
    marks = {items[0].pk: (Decimal(1), "Thin."), items[1].pk: (Decimal(1), "")}
    grade = grading.rubric_grade_set(submission=graded_alice, grader=instructor, marks=marks)
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    return grade


def _ask(client, alice, submission, item, reason="I explained every feature in cell 3."):
    client.force_login(alice)
    return client.post(
        reverse("rubrics:regrade_request", args=[submission.pk]),
        {"regrade-item": item.pk, "regrade-reason": reason},
    )


def _answer(client, user, regrade, decision, points="", reason="Looked again."):
    client.force_login(user)
    prefix = f"answer{regrade.pk}"
    return client.post(
        reverse("rubrics:regrade_answer", args=[regrade.pk]),
        {f"{prefix}-decision": decision, f"{prefix}-points": points, f"{prefix}-reason": reason},
    )


def _share(graded_alice, cohort):
    later = timezone.now() + datetime.timedelta(days=120)
    return lab_result_for(
        student=graded_alice.student, cohort=cohort, lab=graded_alice.lab, now=later
    ).grade_share


def test_the_whole_life_of_an_accepted_request(
    client, alice, instructor, graded_alice, released_grade, items, cohort
):
    assert _share(graded_alice, cohort) == pytest.approx(0.6 + 0.4 * 0.2)
    assert _ask(client, alice, graded_alice, items[0]).status_code == 302
    regrade = RegradeRequest.objects.get()
    assert regrade.status == RegradeRequest.Status.OPEN

    # The instructor sees it on the student's submission and in the queue.
    client.force_login(instructor)
    page = client.get(reverse("reviews:submission", args=[graded_alice.pk])).content.decode()
    assert 'data-testid="regrade-answer-form"' in page
    queue = client.get(reverse("rubrics:queue", args=[graded_alice.lab.slug, cohort.pk]))
    assert "Features explained" in queue.content.decode()

    assert _answer(client, instructor, regrade, "accept", "3.5").status_code == 302
    regrade.refresh_from_db()
    assert regrade.status == RegradeRequest.Status.ACCEPTED
    decision = regrade.decision
    assert (decision.points_before, decision.points_after) == (1, Decimal("3.5"))
    assert decision.decided_by == instructor and decision.decided_at is not None
    assert released_grade.marks.get(item=items[0]).points == Decimal("3.5")
    assert released_grade.marks.get(item=items[0]).comment == "Thin."  # kept
    assert _share(graded_alice, cohort) == pytest.approx(0.6 + 0.4 * 0.45)
    # The mark's change is in the audit trail too, with who made it.
    from auditlog.models import LogEntry

    changed = LogEntry.objects.get_for_object(released_grade.marks.get(item=items[0])).first()
    assert changed.actor == instructor and changed.changes["points"] == ["1.00", "3.5"]

    # The student reads the decision; a second answer is refused and changes nothing.
    client.force_login(alice)
    page = client.get(reverse("reviews:submission", args=[graded_alice.pk])).content.decode()
    assert "Accepted: 1 → 3.50 points" in page
    _answer(client, instructor, regrade, "decline", reason="Changed my mind.")
    assert RegradeDecision.objects.count() == 1


def test_a_declined_request_keeps_the_points_and_a_new_one_can_follow(
    client, alice, instructor, graded_alice, released_grade, items
):
    _ask(client, alice, graded_alice, items[1])
    first = RegradeRequest.objects.get()
    _answer(client, instructor, first, "decline", reason="Validation used the test set.")
    first.refresh_from_db()
    assert first.status == RegradeRequest.Status.DECLINED
    assert first.decision.points_after == first.decision.points_before == 1
    assert released_grade.marks.get(item=items[1]).points == 1
    _ask(client, alice, graded_alice, items[1], reason="It did not: see line 12.")
    assert RegradeRequest.objects.count() == 2  # the history stays


def test_one_open_request_per_item(client, alice, graded_alice, released_grade, items):
    _ask(client, alice, graded_alice, items[0])
    _ask(client, alice, graded_alice, items[0])
    assert RegradeRequest.objects.count() == 1


def test_no_request_before_release(client, alice, instructor, graded_alice, items):
    grading.rubric_grade_set(
        submission=graded_alice, grader=instructor, marks={items[0].pk: (Decimal(1), "")}
    )
    _ask(client, alice, graded_alice, items[0])
    assert not RegradeRequest.objects.exists()


def test_only_the_student_asks_and_only_reviewers_answer(
    client, bob, enrolled_bob, alice, other_instructor, graded_alice, released_grade, items
):
    assert _ask(client, bob, graded_alice, items[0]).status_code == 404
    _ask(client, alice, graded_alice, items[0])
    regrade = RegradeRequest.objects.get()
    assert _answer(client, alice, regrade, "accept", "4").status_code == 404
    assert _answer(client, other_instructor, regrade, "accept", "4").status_code == 404
    regrade.refresh_from_db()
    assert regrade.status == RegradeRequest.Status.OPEN


def test_accepting_needs_points_within_the_item(instructor, alice, released_grade, items):
    regrade = regrades.regrade_request_create(
        grade=released_grade, item_id=items[0].pk, student=alice, reason="Please."
    )
    with pytest.raises(grading.RubricRefused):
        regrades.regrade_answer(
            request=regrade, actor=instructor, accept=True, points=Decimal(9), reason="Yes."
        )
    with pytest.raises(grading.RubricRefused):
        regrades.regrade_answer(
            request=regrade, actor=instructor, accept=False, points=None, reason=" "
        )
    assert not RegradeDecision.objects.exists()
