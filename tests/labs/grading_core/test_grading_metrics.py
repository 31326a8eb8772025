"""Every metric, scored through a predictions CSV, equals sklearn.metrics on the same arrays."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

from labs.grading import METRICS, AnswerKey, grade

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _key(truth, *, task) -> AnswerKey:
    """An answer key with every row public, written to CSV and read back."""
    ids = [f"row-{i:03d}" for i in range(len(truth))]
    lines = ["id,target"] + [
        f"{i},{t!r}" if task == "regression" else f"{i},{t}"
        for i, t in zip(ids, truth, strict=False)
    ]
    data = ("\n".join(lines) + "\n").encode()
    return AnswerKey.from_csv(
        data, id_column="id", target_column="target", public_fraction=1.0, task=task
    )


def _predictions_csv(key: AnswerKey, predictions) -> bytes:
    rows = [
        f"{i},{p!r}" if isinstance(p, float) else f"{i},{p}"
        for i, p in zip(key.ids, predictions, strict=False)
    ]
    return ("id,prediction\r\n" + "\r\n".join(rows) + "\r\n").encode()


def _grade_via_csv(metric, truth, predictions, *, classes=None, task="classification"):
    key = _key(truth, task=task)
    result = grade(
        _predictions_csv(key, predictions),
        answer_key=key,
        metric=metric,
        classes=classes,
        reference_public=None,
    )
    assert result.private_score == result.public_score  # no private rows: same score
    return result.public_score


def _close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


MULTI = ["cat", "dog", "fox", "owl"]
labels_pairs = st.integers(min_value=2, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(MULTI), min_size=n, max_size=n),
        st.lists(st.sampled_from(MULTI), min_size=n, max_size=n),
    )
)


@SETTINGS
@given(pair=labels_pairs)
def test_accuracy_matches_sklearn(pair):
    truth, pred = pair
    assert _close(
        _grade_via_csv("accuracy", truth, pred, classes=MULTI), skm.accuracy_score(truth, pred)
    )


@SETTINGS
@given(pair=labels_pairs)
def test_balanced_accuracy_matches_sklearn(pair):
    import warnings

    truth, pred = pair
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = skm.balanced_accuracy_score(truth, pred)
    assert _close(_grade_via_csv("balanced_accuracy", truth, pred, classes=MULTI), expected)


@SETTINGS
@given(pair=labels_pairs)
def test_f1_macro_matches_sklearn(pair):
    truth, pred = pair
    expected = skm.f1_score(truth, pred, average="macro", zero_division=0)
    assert _close(_grade_via_csv("f1_macro", truth, pred, classes=MULTI), expected)


BINARY = ["legit", "fraud"]  # [negative, positive]: the positive class is not the sorted second
binary_pairs = st.integers(min_value=2, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(BINARY), min_size=n, max_size=n),
        st.lists(st.sampled_from(BINARY), min_size=n, max_size=n),
    )
)


@SETTINGS
@given(pair=binary_pairs)
def test_binary_f1_matches_sklearn_with_the_declared_positive_class(pair):
    truth, pred = pair
    expected = skm.f1_score(truth, pred, pos_label="fraud", labels=BINARY, zero_division=0)
    assert _close(_grade_via_csv("f1", truth, pred, classes=BINARY), expected)


probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
probability_cases = st.integers(min_value=2, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(BINARY), min_size=n, max_size=n),
        st.lists(probabilities, min_size=n, max_size=n),
    )
)


@SETTINGS
@given(case=probability_cases)
def test_roc_auc_matches_sklearn(case):
    truth, prob = case
    assume(len(set(truth)) == 2)
    expected = skm.roc_auc_score([t == "fraud" for t in truth], prob)
    assert _close(_grade_via_csv("roc_auc", truth, prob, classes=BINARY), expected)


@SETTINGS
@given(case=probability_cases)
def test_log_loss_matches_sklearn(case):
    truth, prob = case
    expected = skm.log_loss([t == "fraud" for t in truth], prob, labels=[False, True])
    assert _close(_grade_via_csv("log_loss", truth, prob, classes=BINARY), expected)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
regression_cases = st.integers(min_value=2, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(finite, min_size=n, max_size=n), st.lists(finite, min_size=n, max_size=n)
    )
)

REGRESSION = {
    "rmse": skm.root_mean_squared_error,
    "mae": skm.mean_absolute_error,
    "r2": skm.r2_score,
}


@pytest.mark.parametrize("name", sorted(REGRESSION))
@SETTINGS
@given(case=regression_cases)
def test_regression_metrics_match_sklearn(name, case):
    truth, pred = case
    expected = REGRESSION[name](np.asarray(truth), np.asarray(pred))
    assert _close(_grade_via_csv(name, truth, pred, task="regression"), expected)


def test_every_metric_declares_a_consistent_kind_and_direction():
    assert {
        "accuracy",
        "balanced_accuracy",
        "f1_macro",
        "f1",
        "roc_auc",
        "rmse",
        "mae",
        "r2",
    } <= set(METRICS)
    for name, metric in METRICS.items():
        assert metric.name == name
        assert metric.kind in {"label", "number", "probability"}
        assert metric.task in {"classification", "regression"}
        assert (metric.task == "regression") == (metric.kind == "number")
    assert not METRICS["rmse"].higher_is_better and METRICS["r2"].higher_is_better


def test_positive_label_defaults_to_the_second_sorted_label_without_classes():
    f1 = METRICS["f1"]
    truth, pred = ["no", "yes", "yes", "no"], ["yes", "yes", "no", "no"]
    assert f1.score(truth, pred) == skm.f1_score(truth, pred, pos_label="yes")
    assert f1.score(truth, pred, positive_label="no") == skm.f1_score(truth, pred, pos_label="no")


def test_roc_auc_refuses_a_single_class():
    with pytest.raises(ValueError, match="single class"):
        METRICS["roc_auc"].score(["fraud", "fraud"], [0.1, 0.9], classes=BINARY)
