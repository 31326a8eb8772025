"""A released rubric grade in the course rules' one LabResult: blended by the rubric's
weight once released, absent before."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.selectors import cohort_results, lab_result_for
from labs.models import Lab
from rubrics.services import grading

LATER = datetime.timedelta(days=120)  # well past every cutoff: the final result stands


def _grade(submission, grader, items, *points):
    marks = {
        item.pk: (None if p is None else Decimal(p), "")
        for item, p in zip(items, points, strict=True)
    }
    return grading.rubric_grade_set(submission=submission, grader=grader, marks=marks)


def _result(alice, cohort, lab):
    return lab_result_for(student=alice, cohort=cohort, lab=lab, now=timezone.now() + LATER)


def test_an_unreleased_grade_is_not_in_the_result(graded_alice, instructor, items, cohort):
    _grade(graded_alice, instructor, items, 0, 0, 0)
    result = _result(graded_alice.student, cohort, graded_alice.lab)
    assert result.rubric is None
    assert result.grade_share is None
    assert result.has_passed  # the automatic rules alone: Alice's file is the reference's


def test_a_released_grade_blends_by_weight(graded_alice, instructor, items, cohort):
    _grade(graded_alice, instructor, items, 1, 0, 0)
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    result = _result(graded_alice.student, cohort, graded_alice.lab)
    assert result.rubric.share == pytest.approx(0.1)
    assert result.automatic_share == pytest.approx(1.0)
    # 0.6 x 1 + 0.4 x 0.1 = 0.64, under the bar 0.6 x 0.95 + 0.4 x 0.5 = 0.77
    assert result.grade_share == pytest.approx(0.64)
    assert not result.has_passed
    assert result.automatic_passed


def test_missing_marks_count_zero(graded_alice, instructor, items, cohort):
    _grade(graded_alice, instructor, items, 4, None, 2)  # 6 of 10, Validation not marked
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    result = _result(graded_alice.student, cohort, graded_alice.lab)
    assert result.rubric.share == pytest.approx(0.6)
    assert result.grade_share == pytest.approx(0.84)
    assert result.has_passed


def test_weight_one_with_no_submission_scored(graded_alice, instructor, rubric, items, cohort):
    """A rubric-only lab: the automatic half does not count at all."""
    rubric.weight = 1
    rubric.save()
    _grade(graded_alice, instructor, items, 2, 2, 1)
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    result = _result(graded_alice.student, cohort, graded_alice.lab)
    assert result.grade_share == pytest.approx(0.5)
    assert result.has_passed  # the rubric's pass share is 0.5


def test_weight_zero_is_feedback_only(graded_alice, instructor, rubric, items, cohort):
    rubric.weight = 0
    rubric.save()
    _grade(graded_alice, instructor, items, 0, 0, 0)
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    result = _result(graded_alice.student, cohort, graded_alice.lab)
    assert result.rubric is not None
    assert result.has_passed


def test_an_override_still_has_the_last_word(graded_alice, instructor, items, cohort):
    from reviews.services import overrides

    _grade(graded_alice, instructor, items, 0, 0, 0)
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    overrides.grade_override_set(
        student=graded_alice.student,
        lab=graded_alice.lab,
        cohort=cohort,
        actor=instructor,
        passed=True,
        score=None,
        reason="Agreed in person.",
        submission=graded_alice,
    )
    assert _result(graded_alice.student, cohort, graded_alice.lab).has_passed


def test_the_cohort_read_is_one_query_more(
    graded_alice, instructor, items, cohort, django_assert_num_queries
):
    _grade(graded_alice, instructor, items, 4, 4, 2)
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    lab = Lab.objects.select_related("dataset").get(pk=graded_alice.lab_id)
    # policies, extensions, join dates, counted submissions, the capstone's credits
    # (a lab read without `is_milestone`), overrides, rubric grades
    with django_assert_num_queries(7):
        results = cohort_results(cohort=cohort, labs=[lab])
    assert results.get(graded_alice.student_id, lab).rubric.share == 1.0


def test_labs_read_for_pages_say_which_have_a_rubric_so_the_rest_cost_no_query(
    graded_alice, instructor, items, cohort, code_lab, django_assert_num_queries
):
    from progress.dashboards.statuses import labs_with_reference

    _grade(graded_alice, instructor, items, 4, 4, 2)
    grading.grades_release(lab=graded_alice.lab, cohort=cohort, actor=instructor)
    labs = {lab.pk: lab for lab in labs_with_reference()}
    with_rubric, without = labs[graded_alice.lab_id], labs[code_lab.pk]
    assert with_rubric.has_rubric and not without.has_rubric
    results = cohort_results(cohort=cohort, labs=[with_rubric])
    assert results.get(graded_alice.student_id, with_rubric).rubric.share == 1.0
    # policies, extensions, join dates, counted submissions, overrides: no rubric read
    # (nor credits: labs_with_reference says the lab is no milestone either)
    with django_assert_num_queries(5):
        cohort_results(cohort=cohort, labs=[without])
