"""grade(), passes() and AnswerKey: scores, the pass rule, and feedback that leaks nothing."""

import json
import math

import numpy as np
import pytest
from sklearn import metrics as skm

from labs.grading import (
    AnswerKey,
    DatasetInvalid,
    GradeResult,
    SubmissionInvalid,
    grade,
    pass_threshold,
    passes,
)

# ------------------------------------------------------------------ passes()


@pytest.mark.parametrize(
    ("score", "reference", "expected"),
    [
        (0.95, 1.0, True),
        (0.9499, 1.0, False),
        (0.80, 0.80, True),
        (0.99, 0.80, True),
        (0.0, 0.5, False),
    ],
)
def test_passes_when_higher_is_better(score, reference, expected):
    assert passes(score, reference, ratio=0.95, higher_is_better=True) is expected


@pytest.mark.parametrize(
    ("score", "reference", "expected"),
    [(10.0, 9.5, True), (10.01, 9.5, False), (9.5, 9.5, True), (1.0, 9.5, True), (0.0, 0.0, True)],
)
def test_passes_when_lower_is_better(score, reference, expected):
    assert passes(score, reference, ratio=0.95, higher_is_better=False) is expected


def test_no_reference_or_no_score_never_passes():
    assert passes(1.0, None, ratio=0.95, higher_is_better=True) is False
    assert passes(float("nan"), 0.5, ratio=0.95, higher_is_better=True) is False
    assert pass_threshold(None, ratio=0.95, higher_is_better=True) is None


def test_threshold_for_a_negative_reference_still_lies_below_it():
    # a poor R2 reference of -0.2: 95% "of it" must not be stricter than the reference
    threshold = pass_threshold(-0.2, ratio=0.95, higher_is_better=True)
    assert threshold == pytest.approx(-0.21)
    assert passes(-0.2, -0.2, ratio=0.95, higher_is_better=True)


def test_a_score_always_passes_against_itself():
    for value in (0.0, 1e-9, 0.123456789, 0.97, 53.3, 1e6):
        for higher in (True, False):
            assert passes(value, value, ratio=0.95, higher_is_better=higher)


# ------------------------------------------------------------------ AnswerKey

CLASSIFICATION_LABELS = (
    "id,target\n"
    + "".join(f"k-{i:03d},{'fraud' if i % 10 == 0 else 'legit'}\n" for i in range(200))
).encode()


def _key(**kwargs) -> AnswerKey:
    return AnswerKey.from_csv(
        CLASSIFICATION_LABELS, id_column="id", target_column="target", **kwargs
    )


def test_public_split_is_deterministic_and_stratified():
    key = _key(task="classification", seed=3)
    assert key == _key(task="classification", seed=3)
    assert key.public_ids != _key(task="classification", seed=4).public_ids
    assert len(key.public_ids) == 100
    public_fraud = [i for i in key.public_ids if key.labels[key.position(i)] == "fraud"]
    assert len(public_fraud) in (9, 10, 11)  # 20 fraud rows, about half of them public


def test_public_split_does_not_depend_on_file_order():
    lines = CLASSIFICATION_LABELS.decode().splitlines()
    reversed_file = ("\n".join([lines[0], *reversed(lines[1:])]) + "\n").encode()
    other = AnswerKey.from_csv(reversed_file, id_column="id", target_column="target")
    assert other.public_ids == _key().public_ids


def test_stored_split_round_trips_and_is_honoured():
    key = _key(public_fraction=0.3, seed=9)
    stored = key.to_csv_bytes()
    assert stored.splitlines()[0] == b"id,target,split"
    again = AnswerKey.from_csv(stored, id_column="id", target_column="target", seed=12345)
    assert again == key


def test_regression_key_keeps_exact_floats():
    data = b"id,y\na,0.1\nb,1e-300\nc,12345.678901234567\n"
    key = AnswerKey.from_csv(data, id_column="id", target_column="y", task="regression")
    assert key.labels == (0.1, 1e-300, 12345.678901234567)
    assert (
        AnswerKey.from_csv(
            key.to_csv_bytes(), id_column="id", target_column="target", task="regression"
        )
        == key
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the labels file is empty"),
        (b"id,label\na,1\n", "the labels file has no column 'target' (found: id, label)"),
        (b"id,target\na,1\na,2\n", "line 3: id 'a' appears again (first on line 2)"),
        (b"id,target\na,\n", "line 2: the target of id 'a' is empty"),
        (b"id,target\na,x\n", "line 2: target 'x' is not a number"),
        (
            b"id,target,split\na,1,maybe\n",
            "line 2: split must be 'public' or 'private', not 'maybe'",
        ),
    ],
)
def test_bad_labels_files_are_explained(data, message):
    with pytest.raises(DatasetInvalid) as caught:
        AnswerKey.from_csv(data, id_column="id", target_column="target", task="regression")
    assert caught.value.problems[0] == message


# ------------------------------------------------------------------ grade()


def _csv(ids, values) -> bytes:
    return (
        "id,prediction\n" + "".join(f"{i},{v}\n" for i, v in zip(ids, values, strict=False))
    ).encode()


def test_grade_scores_both_splits_and_compares_with_the_reference():
    key = _key(task="classification")
    predictions = ["legit"] * 200  # never says fraud
    result = grade(
        _csv(key.ids, predictions),
        answer_key=key,
        metric="accuracy",
        classes=["legit", "fraud"],
        reference_public=0.95,
    )
    assert isinstance(result, GradeResult)
    truth = np.array(key.labels)
    public = np.array([i in key.public_ids for i in key.ids])
    assert result.public_score == skm.accuracy_score(truth[public], np.array(predictions)[public])
    assert result.private_score == skm.accuracy_score(
        truth[~public], np.array(predictions)[~public]
    )
    assert result.passed is (result.public_score >= 0.95 * 0.95)

    feedback = result.feedback
    assert feedback["rows_scored"] == 100 and feedback["rows_checked"] == 200
    assert feedback["metric"] == "accuracy" and feedback["metric_label"] == "Accuracy"
    assert feedback["reference_score"] == 0.95
    matrix = feedback["confusion_matrix"]
    assert matrix["labels"] == ["legit", "fraud"]
    expected = skm.confusion_matrix(
        truth[public], np.array(predictions)[public], labels=["legit", "fraud"]
    )
    assert matrix["matrix"] == expected.tolist()
    per_class = {row["label"]: row for row in feedback["per_class"]}
    assert per_class["fraud"]["recall"] == 0.0
    assert per_class["legit"]["support"] + per_class["fraud"]["support"] == 100


def test_per_class_numbers_match_sklearn():
    key = _key(task="classification")
    rng = np.random.default_rng(1)
    predictions = rng.choice(["legit", "fraud"], size=200)
    result = grade(
        _csv(key.ids, predictions),
        answer_key=key,
        metric="f1_macro",
        classes=["legit", "fraud"],
        reference_public=None,
    )
    public = np.array([i in key.public_ids for i in key.ids])
    p, r, f, s = skm.precision_recall_fscore_support(
        np.array(key.labels)[public],
        predictions[public],
        labels=["legit", "fraud"],
        zero_division=0,
    )
    rows = result.feedback["per_class"]
    assert [row["precision"] for row in rows] == pytest.approx(list(p))
    assert [row["recall"] for row in rows] == pytest.approx(list(r))
    assert [row["f1"] for row in rows] == pytest.approx(list(f))
    assert [row["support"] for row in rows] == list(s)
    assert result.passed is False  # no reference yet


def test_probability_feedback_reports_accuracy_at_one_half():
    key = _key(task="classification")
    probs = [0.9 if label == "fraud" else 0.2 for label in key.labels]
    probs[0] = 0.3  # k-000 is fraud: now missed at 0.5
    result = grade(
        _csv(key.ids, probs),
        answer_key=key,
        metric="roc_auc",
        classes=["legit", "fraud"],
        reference_public=0.9,
    )
    feedback = result.feedback
    assert feedback["positive_label"] == "fraud"
    assert feedback["threshold"] == 0.5
    missed = 1 if "k-000" in key.public_ids else 0
    assert feedback["accuracy_at_0_5"] == pytest.approx((100 - missed) / 100)
    assert feedback["confusion_matrix"]["labels"] == ["legit", "fraud"]
    assert result.passed


def test_regression_feedback_summarises_errors():
    ids = [f"h-{i}" for i in range(40)]
    truth = [float(i) for i in range(40)]
    data = (
        "id,target\n" + "".join(f"{i},{t}\n" for i, t in zip(ids, truth, strict=False))
    ).encode()
    key = AnswerKey.from_csv(data, id_column="id", target_column="target", task="regression")
    predictions = [t + 2.0 for t in truth]  # always 2 too high
    result = grade(
        _csv(ids, predictions), answer_key=key, metric="rmse", classes=None, reference_public=1.0
    )
    errors = result.feedback["errors"]
    assert errors["bias"] == pytest.approx(2.0)
    assert (
        errors["mae"]
        == errors["rmse"]
        == errors["median_abs_error"]
        == errors["p90_abs_error"]
        == pytest.approx(2.0)
    )
    assert result.public_score == pytest.approx(2.0)
    assert result.passed is False  # 2.0 > 1.0 / 0.95
    assert result.feedback["pass_threshold"] == pytest.approx(1 / 0.95)


def test_grade_accepts_a_key_read_without_task_for_regression():
    key = AnswerKey.from_csv(
        b"id,target\na,1.5\nb,2.5\nc,4\nd,0\n", id_column="id", target_column="target"
    )
    result = grade(
        _csv("abcd", [1.5, 2.5, 4, 0]),
        answer_key=key,
        metric="mae",
        classes=None,
        reference_public=0.1,
    )
    assert result.public_score == 0.0 and result.private_score == 0.0 and result.passed


@pytest.mark.parametrize("metric", ["accuracy", "f1", "roc_auc"])
def test_feedback_is_json_and_names_no_test_id(metric):
    key = _key(task="classification")
    rng = np.random.default_rng(5)
    if metric == "roc_auc":
        values = [f"{p:.3f}" for p in rng.random(200)]
    else:
        values = rng.choice(["legit", "fraud"], size=200)
    result = grade(
        _csv(key.ids, values),
        answer_key=key,
        metric=metric,
        classes=["legit", "fraud"],
        reference_public=0.5,
    )
    text = json.dumps(result.feedback, allow_nan=False)
    assert not [i for i in key.ids if i in text]
    assert "k-" not in text

    # nothing of the size of a row list: every list is per class, not per row
    def lists(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from lists(v)
        elif isinstance(node, list):
            yield node
            for v in node:
                yield from lists(v)

    assert all(len(items) <= 2 for items in lists(result.feedback))


def test_invalid_file_raises_submission_invalid():
    key = _key(task="classification")
    with pytest.raises(SubmissionInvalid) as caught:
        grade(
            b"id,prediction\nk-000,maybe\n",
            answer_key=key,
            metric="accuracy",
            classes=["legit", "fraud"],
            reference_public=0.5,
        )
    assert (
        caught.value.problems[0]
        == "line 2: 'maybe' is not one of the allowed labels ('legit', 'fraud')"
    )
    assert caught.value.problems[1].startswith("199 ids of the test set are missing")


def test_unknown_metric_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown metric"):
        grade(
            b"id,prediction\n",
            answer_key=_key(),
            metric="nope",
            classes=None,
            reference_public=None,
        )


def test_grading_ten_thousand_rows_is_fast():
    import time

    ids = [f"t-{i:05d}" for i in range(10_000)]
    labels = ["spam" if i % 3 == 0 else "ham" for i in range(10_000)]
    key = AnswerKey.from_csv(
        ("id,target\n" + "".join(f"{i},{t}\n" for i, t in zip(ids, labels, strict=False))).encode(),
        id_column="id",
        target_column="target",
        task="classification",
    )
    data = _csv(ids, ["spam" if i % 4 == 0 else "ham" for i in range(10_000)])
    grade(data, answer_key=key, metric="f1", classes=["ham", "spam"], reference_public=0.5)
    started = time.perf_counter()
    result = grade(data, answer_key=key, metric="f1", classes=["ham", "spam"], reference_public=0.5)
    elapsed = time.perf_counter() - started
    assert not math.isnan(result.public_score)
    assert elapsed < 0.5, f"{elapsed * 1000:.0f} ms"


def test_predictions_that_overflow_the_metric_are_rejected_not_scored_infinite():
    from labs.grading import AnswerKey, SubmissionInvalid, grade

    key = AnswerKey(ids=("a", "b"), labels=(1.0, 2.0), public_ids=frozenset({"a"}))
    data = b"id,prediction\na,1.7976931348623157e308\nb,2\n"
    with pytest.raises(SubmissionInvalid, match="too large"):
        grade(data, answer_key=key, metric="rmse", classes=None, reference_public=1.0)
