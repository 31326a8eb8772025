"""The labs of weeks 9, 11 and 12: each one's reference predictions grade and pass."""

import pytest

from labs.catalog import build_dataset
from labs.curriculum import CURRICULUM
from labs.grading import AnswerKey, grade
from labs.grading.references import fit_reference, predict_for_submission

LATER = [spec for spec in CURRICULUM if spec.week in (9, 11, 12)]


def test_the_empty_weeks_have_labs_now():
    assert sorted(spec.week for spec in LATER) == [9, 11, 12]


@pytest.mark.parametrize("spec", LATER, ids=lambda spec: spec.slug)
def test_reference_predictions_of_the_new_lab_grade_and_pass(spec):
    splits = build_dataset(spec.dataset, secret="a test installation")
    model = fit_reference(splits.reference, splits)
    predictions = predict_for_submission(
        model, splits.test_features, metric=splits.metric, classes=splits.classes
    )
    key = AnswerKey.from_csv(
        splits.test_labels_csv_bytes(), id_column="id", target_column="target", task=splits.task
    )
    first = grade(
        predictions,
        answer_key=key,
        metric=splits.metric,
        classes=splits.classes,
        reference_public=None,
    )
    result = grade(
        predictions,
        answer_key=key,
        metric=splits.metric,
        classes=splits.classes,
        reference_public=first.public_score,
    )
    assert result.passed
    assert result.private_score is not None
